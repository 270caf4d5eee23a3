-- Every rendered form carries a one-time token: a double click, a browser
-- resend or two concurrent identical POSTs store one response.
ALTER TABLE responses ADD COLUMN submission_token TEXT;
CREATE UNIQUE INDEX responses_submission_token ON responses (survey_id, submission_token)
    WHERE submission_token IS NOT NULL;
