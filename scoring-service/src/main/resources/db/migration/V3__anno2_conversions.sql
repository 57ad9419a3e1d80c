-- anno2 records made by ConvertAnnotationToAnno2 / ConvertScoreValueToAnno2 name the answer they converted. Such a
-- record is linked to its answer by the converting call itself (only if the answer still holds the converted value),
-- so the slide-uploaded event of its zip does not touch the answer.
ALTER TABLE anno2 ADD COLUMN converted_answer_id BIGINT;
