-- Values of the survey's hidden fields from the link, as a JSON array of
-- [name, value] pairs; NULL when the link carried none.
ALTER TABLE responses ADD COLUMN hidden TEXT;
