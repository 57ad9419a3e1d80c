-- The HTML alternative of a request's body: each <LINK:caption> an anchor that shows its caption.
ALTER TABLE email_request ADD COLUMN html_body TEXT;
