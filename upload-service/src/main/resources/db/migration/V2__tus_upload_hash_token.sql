-- sha256 while uploading: the replica that writes an upload's bytes also hashes them, in offset order, and keeps the
-- digest in its memory under a random token. hash_token names the digest that is valid for the bytes on disk; every
-- PATCH sets it anew (or to null when it could not continue the digest), a lease takeover clears it. FinishUpload uses
-- the digest only when its token matches, otherwise it hashes the file.
ALTER TABLE tus_upload ADD COLUMN hash_token VARCHAR(32);
