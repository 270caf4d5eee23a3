# ankieter's admin in English. Every message here must exist in pl.ftl and
# cs.ftl too (a test checks). Messages ending in -html may hold <code>, <em>,
# <strong> and <kbd>, and take no arguments.

## Layout

admin-title-suffix = ankieter admin
skip-to-content = Skip to content
nav-label = Main
nav-dashboard = Dashboard
nav-surveys = Surveys
nav-deliveries = Deliveries
nav-contacts = Contacts
nav-contact-center = Contact center
nav-tokens = API tokens
nav-settings = Settings
language-switch-label = Language of the admin
language-unknown = This language is not available.
sign-out = Sign out
paused-title = SALESmanago deliveries are paused.
paused-what-to-do = Responses are kept and will be sent once this is fixed: correct the API settings (saving resumes deliveries), or resume if the problem was solved on SALESmanago's side.
paused-settings-link = Open the SALESmanago settings
paused-resume = Resume deliveries
times-in-zone = Times are shown in the { $zone } time zone.

## Shared words

button-save = Save
button-create = Create
delete = Delete
none = none
never = never
not-set = not set
state-on = on
state-off = off
copy-it-now = Copy it now: it is not shown again.
secret-stored-encrypted = It is stored encrypted and never shown.
test-connection = Test connection
field-email = E-mail
field-password = Password
filter-any = any
filter-button = Filter
filter-pending = pending or retrying
filter-not-sent = not sent (SALESmanago off)
filter-date-invalid = Enter a date as YYYY-MM-DD.
filter-status-invalid = Choose a delivery status.
no-attempt-yet = No attempt yet.
responses-count = { $count ->
    [one] { $count } response
   *[other] { $count } responses
}

## Table columns

col-survey = Survey
col-responses = Responses
col-delivered-24h = Delivered (24 h)
col-retrying = Retrying
col-paused = Paused
col-failed-24h = Failed (24 h)
col-link = Link
col-export = Export
col-name = Name
col-created = Created
col-last-used = Last used
col-state = State
col-status = Status
col-from = From
col-attempts = Attempts
col-detail = Detail
col-time = Time
col-outcome = Outcome
col-call = Call
col-salesmanago-said = SALESmanago said
col-property = Property
col-value = Value
col-tags = Tags
col-received = Received
col-delivery = Delivery
col-question = Question
col-answer = Answer

## Delivery statuses and attempt outcomes

status-pending = pending
status-delivered = delivered
status-failed = failed
status-paused = paused
status-skipped = skipped
status-ignored = ignored
status-retry = will retry
status-not-sent = not sent

## Question types

kind-email = E-mail address
kind-text = Short text
kind-textarea = Long text
kind-single = Single choice
kind-multi = Multiple choice
kind-dropdown = Drop-down list
kind-scale = Scale
kind-number = Number
kind-date = Date
kind-consent = Consent

## Sign-in and errors

login-title = Sign in
login-heading = Sign in to ankieter
login-button = Sign in
login-email-too-long = This is not an e-mail address: it is too long.
login-too-many = { $count ->
    [one] Too many sign-in attempts. Wait { $count } second and try again.
   *[other] Too many sign-in attempts. Wait { $count } seconds and try again.
}
login-wrong = The e-mail or the password is wrong.
login-failed-our-side = Signing in failed on our side. Try again in a moment.
error-title = Something went wrong
error-title-refused = This cannot be done
error-title-forbidden = Not allowed
error-title-not-found = Not found
error-title-unavailable = Unavailable for a moment
error-back = Back to the dashboard
error-not-found = There is nothing here, or it belongs to another account.
error-our-side = Something went wrong on our side. Try again in a moment.
error-database-away = The database is unavailable for a moment; nothing was changed. Try again shortly.
error-form-unreadable = The form could not be read.
error-form-expired = This form has expired or did not come from this site. Go back, reload the page and try again.

## Dashboard and surveys

dashboard-title = Dashboard
dashboard-not-configured = SALESmanago access is not set up yet: responses are stored but not sent.
dashboard-set-up = Set up SALESmanago
dashboard-caption = Surveys and their deliveries to SALESmanago
dashboard-not-sent = Not sent to SALESmanago
surveys-title = Surveys
surveys-new = New survey
surveys-import = Import JSON
surveys-none = No surveys yet.
surveys-create-one = Create one
surveys-import-one = Import a JSON file
flash-survey-saved = Survey “{ $title }” saved.
flash-survey-imported = Survey “{ $title }” imported.

## Survey editor

editor-new-title = New survey
editor-edit-title = Edit survey
editor-open-survey = Open the survey
editor-export-json = Export JSON
editor-duplicate = Duplicate
survey-copy-title = Copy of { $title }
editor-embed = Embed on a website
editor-embed-inline-html = Paste this where the survey should appear. It resizes itself, passes <code>smclientid</code> and the hidden fields from the page's address, and fires an <code>ankieter:submitted</code> event on submit.
editor-embed-popup-html = As a popup opened by a button (add <code>data-delay="10"</code> to open it after 10 seconds):
editor-not-saved = The survey was not saved: fix the fields marked below.
editor-save = Save survey
editor-preview = Preview SALESmanago payload
editor-survey = Survey
editor-field-title = Title
editor-field-slug = Link (slug)
editor-slug-fixed = The link cannot change once the survey exists: it is already in e-mails.
editor-slug-hint = Lowercase letters, digits and dashes: the survey is at /s/slug.
editor-field-description = Description
editor-field-language = Language of the survey page
editor-field-thank-you = Thank-you text
editor-availability = Taking answers
editor-closed = Closed: the survey's page politely says it takes no more answers
editor-opens-at = Opens at (optional)
editor-closes-at = Closes at (optional)
editor-schedule-hint = Times in the { $zone } time zone. Before the opening and after the closing the survey's page says so instead of showing the form.
editor-max-responses = Response limit (optional)
editor-max-responses-hint = Once the survey holds this many responses, its page thanks people and takes no more. Empty: no limit.
editor-retention-days = Keep this survey's responses for (days)
editor-retention-days-hint = Empty: as long as the account keeps responses (Settings → Personal data). Older responses are deleted daily with their deliveries.
page-preview-title = Respondent's page
page-preview-show = Show the page
page-preview-note = Preview: this is how respondents will see the page. Nothing is sent from here.
page-preview-mistakes = The page appears here once the survey has no mistakes:
page-preview-width = Width
page-preview-desktop = Computer
page-preview-phone = Phone
page-preview-hint = Follows your changes as you type; without JavaScript, press “Show the page”. Not saved until you save.
editor-access = Access
editor-field-access = Who may answer
access-open = Anyone with the link
access-password = Anyone with the link and the password
access-once-per-browser = Once per browser
editor-field-password = Password (for password access)
editor-field-sites = Sites allowed to embed the survey (one origin per line, e.g. https://www.example.pl; empty: any site)
editor-field-hidden = Hidden fields taken from the survey link (one name per line, e.g. utm_source)
editor-hidden-hint = A link like { $link } stores the value with the response and sends it as the property prefix + name.
editor-sm-enabled = Send results to SALESmanago
editor-sm-tag = Tag added to the contact
editor-signed-links = Accept smclientid only from signed links
editor-survey-event-html = Also put each response on the contact's timeline (a <code>SURVEY</code> event)
editor-survey-event-hint = Sent after the properties are written: the survey's title, the response id, the survey's link name and the score.
editor-survey-event-short = Timeline event (SURVEY)
editor-score-question = Score question (a 0–10 scale, optional)
editor-questions = Questions
editor-question-n = Question { $number }
editor-q-text = Text
editor-q-type = Type
editor-q-id = Id
editor-q-required = Required
editor-q-options = Options (for choices and lists: one per line)
editor-q-min = Min (scale, number)
editor-q-max = Max (scale, number)
editor-q-opt-in = Consent: a tick opts the contact in to e-mail (forceOptIn)
editor-q-property = SALESmanago property:
editor-q-up = Up
editor-q-down = Down
editor-q-remove = Remove
editor-q-up-label = Move question { $number } up
editor-q-down-label = Move question { $number } down
editor-q-remove-label = Remove question { $number }
editor-add-question = Add a question
editor-q-key = Key in SALESmanago after the prefix (optional)
editor-q-key-hint = Empty: the key follows the question's text. Pin one (e.g. nps) to keep the key when the text changes.
keys-change-title = Not saved yet: SALESmanago would get new property keys.
keys-change-why = These questions already have responses sent under the old key. Segments, rules and reports built on the old key stop matching new responses.
keys-pin-old = Keep the old keys and save
keys-take-new = Use the new keys and save
key-warning-numbered = Another question above has the same key: this one is numbered. Reword the question to get a key of its own.
key-warning-long = { $count ->
    [one] The key is { $count } character long: a shorter question text gives a handier key.
   *[other] The key is { $count } characters long: a shorter question text gives a handier key.
}
preview-title = SALESmanago payload preview
preview-nothing-sent = Nothing would be sent for a sample response:
preview-call = A sample response would send this body (secret fields redacted) with
preview-event = Then, on the contact it wrote to, the response as a SURVEY event (if this call fails, it alone is tried again):
preview-cut = The sample answer to { $key } was cut to 255 characters; the full answer stays stored in ankieter.
preview-smclientid-note = Opened from a SALESmanago e-mail (?smclientid=…), the same properties and tags go to contact/update with the contactId instead of the e-mail.
import-title = Import a survey
import-intro-html = Paste a survey in ankieter's JSON format (the format <code>ankieter survey import</code> reads and the Export link writes). A survey of this account with the same slug is replaced.
import-field = Survey JSON
import-button = Import

## Responses

responses-title = Responses
responses-from = From (date)
responses-to = To (date, inclusive)
responses-export-csv = Export CSV
responses-export-csv-excel = CSV for Excel in Polish or Czech (separated by ;)
responses-export-csv-comma = CSV separated by commas
responses-export-xlsx = Excel workbook (XLSX)
responses-none = No responses match.
responses-older = Older responses
response-title = Response
response-id = Id
response-answers = Answers
response-no-answers = No question was answered.
response-delivery = Delivery to SALESmanago
response-delivery-details = delivery details
response-not-sent = This response was not sent: the survey did not send results to SALESmanago when it was submitted.
export-filters-invalid = The export filters are invalid: fix them on the responses page.

results-title = Results
results-per-day = Responses per day
results-other = other answers (no longer offered)
results-answers = { $count ->
    [one] { $count } answer
   *[other] { $count } answers
}
results-average = { $count } answered, average { $average }
results-number = { $count } answered, average { $average }, from { $min } to { $max }
results-ticked = { $count ->
    [one] ticked once
   *[other] ticked { $count } times
}
results-nps = NPS { $score }
results-promoters = { $count ->
    [one] { $count } promoter
   *[other] { $count } promoters
}
results-passives = { $count ->
    [one] { $count } passive
   *[other] { $count } passives
}
results-detractors = { $count ->
    [one] { $count } detractor
   *[other] { $count } detractors
}
results-latest = Latest answers

## Deliveries

deliveries-title = Deliveries to SALESmanago
deliveries-kind = Kind
deliveries-kind-responses = survey responses
deliveries-kind-events = contact-center events
deliveries-kind-webhooks = posts to the webhook
deliveries-retry-failed = Retry all failed deliveries
deliveries-none = No deliveries match.
deliveries-newest = { $count ->
    [one] The newest { $count }.
   *[other] The newest { $count }.
}
delivery-title = Delivery
delivery-contact = Contact
delivery-contact-id = SALESmanago contact id
delivery-next-attempt = Next attempt
delivery-why = Why
delivery-last-error = Last error
delivery-steps = Steps
delivery-retry-now = Retry now
delivery-what-is-sent = What is sent
delivery-cut = cut to 255 characters
delivery-opt-in = opt-in consent (forceOptIn)
delivery-then-event = Then the response as an external event on the contact written to:
delivery-ext-event = An external event:
delivery-detail-delivered = contact { $contact } at { $at }
delivery-detail-waiting = waiting to be sent
delivery-detail-retrying = next attempt { $at } (last: { $error })
detail-the-response = the response
detail-the-survey = the survey
detail-score = score
detail-queue-id = queue id
detail-queue-name = queue name
detail-rating = rating
detail-handled-by = handled by
detail-wait-time = wait time, s
detail-talk-time = talk time, s
target-email = upsert by e-mail { $email }
target-contact = update contact { $contact }
target-contact-or-email = update contact { $contact } (upsert by e-mail { $email } if unknown)
target-nobody = nobody: { $reason }
missing-ignored = ignored if SALESmanago has no such contact
missing-added = added if missing
missing-added-tag = added if missing, with the tag { $tags }
step-properties = Properties and tags
step-survey-event = SURVEY event
step-written = written
step-added = added
step-again = to be tried again: { $error }
step-failed = failed (see the last error)
step-follows-properties = not sent: it follows the properties
step-not-yet = not yet
step-after-properties = after the properties
flash-retry-one = The delivery will be sent again now.
flash-retry-nothing = Nothing to retry: the delivery is delivered, skipped or being sent right now.
flash-retry-failed = { $count ->
    [one] { $count } failed delivery will be sent again now.
   *[other] { $count } failed deliveries will be sent again now.
}
flash-resumed = { $count ->
    [0] Deliveries resumed; none was waiting.
    [one] { $count } paused delivery resumed: it will be sent now.
   *[other] { $count } paused deliveries resumed: they will be sent now.
}

## SALESmanago settings

sm-title = SALESmanago API access
sm-intro-html = Find these in SALESmanago under <em>Settings → Integration → API</em>. They are used for every survey of this account that sends results to SALESmanago.
sm-endpoint = Endpoint (server)
sm-client-id = Client ID
sm-owner = Owner e-mail (the SALESmanago user contacts are assigned to)
sm-secret = API secret
sm-secret-saved = A secret is saved (ending in “…{ $last }”). Leave this empty to keep it.
sm-secret-none = No secret saved yet.
sm-prefix = Property prefix
sm-prefix-hint-html = Every answer becomes the contact property prefix + question, e.g. <code>ankieta.Twoja-ocena?</code> for “Twoja ocena?”. Czech accounts use <code>dotaznik.</code>
sm-test-explained = Asks SALESmanago whether the owner e-mail is a contact, with the saved settings: this checks the endpoint, client ID, secret and owner without changing anything.
sm-test-ok = Connected: { $endpoint } accepted the client ID, secret and owner.
sm-test-refused = SALESmanago refused the credentials: { $message }
sm-test-unreachable = SALESmanago could not be reached at this endpoint, or did not answer as SALESmanago does.
sm-test-not-salesmanago = Not SALESmanago's API: { $message }
flash-sm-saved = SALESmanago settings saved.

## Contacts

contacts-intro = What SALESmanago knows about a customer, and what ankieter sent for their e-mail.
contacts-show = Show
contacts-email-invalid = Enter a whole e-mail address, e.g. jan@example.com.
contacts-company = Company
contacts-phone = Phone
contacts-score = Score
contacts-modified = Modified
contacts-last-visit = Last visit
contacts-email-marketing = E-mail marketing
contacts-opted-out = opted out
contacts-opted-in = opted in
contacts-sm-id = SALESmanago id
contacts-properties = Properties
contacts-not-found = Not in SALESmanago: no contact has this e-mail.
contacts-sent = Sent by ankieter
contacts-nothing-yet = Nothing yet.
contacts-what = What
contacts-survey-response = survey response
contacts-embed = A helpdesk's sidebar shows this card; the link works for 15 minutes.
contacts-embed-open = Open the embeddable card
contacts-card-key = For a helpdesk widget, create a card key
contact-not-set-up = SALESmanago is not set up for this account: { $why }
contact-credentials = SALESmanago refused the account's credentials: check them on the SALESmanago page.
contact-no-answer = SALESmanago did not answer just now; try again in a moment.
contact-answered = SALESmanago answered: { $message }
contact-too-many = { $count ->
    [one] Too many contact look-ups for this account just now; try again in { $count } second.
   *[other] Too many contact look-ups for this account just now; try again in { $count } seconds.
}

## Contact center

cc-intro = Customer interactions in your contact center (ticket messages, ratings, closings, chats, calls) become external events on the SALESmanago contact, for automation rules to react to.
cc-none = No integration yet.
cc-integration = Integration
cc-events = Events
cc-forwarded = Forwarded
cc-forwarded-summary = tickets { $tickets }, chats { $chats }, calls { $calls }
cc-thulium-api = Thulium API
cc-polled = polled
cc-new = New integration
cc-new-name = Name (3–36 letters, digits, “-” or “_”: the events' SALESmanago location)
cc-name-placeholder = thulium-main
cc-create = Create integration
cc-created = Integration created. Set up Thulium's webhook with the credentials below.
cc-not-saved = The settings were not saved:
cc-webhooks = Thulium's webhooks
cc-webhooks-where-html = In Thulium: <em>Administration → Advanced → Webhooks</em>, with this address and HTTP Basic credentials.
cc-webhook-url = Webhook URL
cc-webhook-user = User
cc-password-shown-once = shown once when generated; only a hash is kept
cc-new-password = New webhook password
cc-new-credentials = New webhook credentials: the old ones no longer work. Enter these in Thulium.
cc-other-systems = Any other system sends interactions with an API token and the integration's name:
cc-location-hint = Events carry this SALESmanago location:
cc-prefix = Event prefix
cc-prefix-hint = SALESmanago automation rules match on these event names.
cc-queues-html = Forwarded queues (ids separated by commas, <code>all</code> or <code>none</code>)
cc-ticket-queues = Ticket queues
cc-chat-queues = Chat queues
cc-call-queues = Infoline (call) queues
cc-missing-contacts = Contacts SALESmanago does not have
cc-missing-ignore = Ignore the event (shown as ignored in Deliveries)
cc-missing-add = Add the contact by e-mail (no consent flags), then the event
cc-new-contact-tag = Tag for added contacts (optional)
cc-event-type = SALESmanago event type
cc-thulium-api-title = Thulium's API (tickets)
cc-thulium-api-intro = With an API user, ankieter reads the tickets every minute: customers' e-mails and first closings become events.
cc-thulium-url = Thulium address
cc-thulium-user = API user
cc-thulium-password = API password
cc-thulium-password-saved = A password is saved. Leave this empty to keep it.
cc-stop-polling = Stop polling
cc-test-event = Send a test event
cc-test-email = Contact's e-mail
cc-test-email-missing = Enter the e-mail of a contact to send the test event to.
cc-test-interaction = Interaction
cc-test-send = Send test event
cc-deliveries-link = This account's contact-center deliveries
cc-delete = Delete { $name } with its deliveries
flash-cc-saved = The integration was saved. New interactions follow these settings; queued events keep theirs.
flash-cc-deleted = The integration { $name } was deleted with its deliveries.
flash-thulium-removed = Thulium's API is no longer polled; the API user is forgotten.
flash-thulium-saved = Thulium's API user was saved: tickets are read from the next poll on.
flash-test-event = The test event is queued; this page shows what happens to it.
thulium-test-no-user = No Thulium API user is saved.
thulium-test-ok = Connected: { $url } accepted the API user.
thulium-test-unreachable = Thulium could not be reached at this address, or did not answer as Thulium does.

## API tokens

tokens-title = API tokens and card keys
tokens-intro-html = <strong>API tokens</strong> let other tools use the JSON API for this account (sent as <code>Authorization: Bearer …</code>). <strong>Card keys</strong> open only the read-only contact card for a helpdesk's sidebar or widget, never the API. Only a hash of either is stored.
tokens-api-docs = The JSON API's description
tokens-card-link = The contact card
tokens-card-url-html = The card's address for your helpdesk (put the customer's e-mail, URL-encoded, in place of <code>email</code>'s value):
tokens-new-for = New token for
tokens-name-placeholder = landing page builder
tokens-kind = Kind
token-kind-api = API token
token-kind-card = Card key
token-kind-card-long = Card key (contact card only)
tokens-revoke = Revoke
tokens-revoke-label = Revoke the token { $name }
tokens-revoked-at = revoked { $at }
flash-token-revoked = The token was revoked: calls with it now fail.

## Settings

settings-title = Settings
settings-account = This account
settings-time-zone = Time zone
settings-time-zone-hint = Every admin of this account sees times in this zone. Stored times do not change.
settings-time-zone-unknown = Choose a time zone from the list.
settings-you = You
settings-language = Language of the admin
settings-language-account = As the account: { $language }
settings-language-hint = Only for you; other admins keep theirs. The switch in the page header changes it too.
flash-settings-saved = Settings saved.

## Templates to start from
starters-title = Start from a template
starters-hint = The new survey opens in the editor; nothing is saved until you save it. Its SALESmanago keys are pinned, so rewording a question keeps them.
starter-nps = Net Promoter Score (NPS)
starter-nps-about = how likely customers are to recommend you (0–10), and why
starter-satisfaction = Customer satisfaction (CSAT)
starter-satisfaction-about = a 1–5 rating of your service, whether the request was resolved, what to improve
starter-lead = Lead form
starter-lead-about = name, work e-mail, company and its size, the need, and consent to offers by e-mail
starter-event = Event feedback
starter-event-about = a rating of the event, what people liked, whether they would come again

## Deleting a survey

deliveries-count = { $count ->
    [one] { $count } delivery
   *[other] { $count } deliveries
}
editor-delete = Delete…
delete-title = Delete the survey “{ $title }”
delete-what = Deleting the survey deletes with it, for good:
delete-pending = Not sent to SALESmanago yet: { $count }. These will never be sent.
delete-kept = What SALESmanago has already received stays there.
delete-confirm-label = To confirm, type the survey's link: { $slug }
delete-confirm-mismatch = That is not the survey's link: type it exactly as shown.
delete-button = Delete the survey for good
delete-cancel = Cancel
flash-survey-deleted = Survey “{ $title }” deleted with { $what }.

## What is wrong with a survey's field (the editor and the import)

invalid-empty = must not be empty
invalid-too-long = must be at most { $max } characters
invalid-slug-invalid = use 1–64 lower-case letters, digits and hyphens inside (e.g. po-zakupie)
invalid-tag-needed = a survey that sends results to SALESmanago needs a tag
invalid-event-needs-sending = the SURVEY event goes with the response's properties: turn sending to SALESmanago on
invalid-password-needed = the password mode needs a password
invalid-site-invalid = { $site } is not a site address like https://www.example.pl
invalid-no-questions = a survey needs at least one question
invalid-too-many-questions = a survey has at most { $max } questions
invalid-duplicate-id = another question already has the id { $id }
invalid-duplicate-pin = another question already pins the key { $key }
invalid-score-unknown = no question has the id { $id }
invalid-score-not-nps = the score must be a 0–10 scale question
invalid-score-needs-event = a score is sent only with the SURVEY event: turn the event on or leave the score out
invalid-too-many-hidden = a survey has at most { $max } hidden fields
invalid-hidden-invalid = use 1–64 lower-case letters, digits or _ (e.g. utm_source)
invalid-hidden-reserved = { $name } is reserved for ankieter's links
invalid-hidden-duplicate = { $name } is listed twice
invalid-hidden-collides = { $name } is also a question's id or property key: rename one
invalid-id-invalid = use 1–64 letters, digits, _ or -
invalid-id-reserved = { $id } is reserved for ankieter's own form fields
invalid-options-unused = this type of question has no options
invalid-range-unused = this type of question has no range
invalid-opt-in-unused = only a consent question can be an opt-in
invalid-max-not-above-min = max must be greater than min
invalid-scale-too-long = a scale has at most 101 points
invalid-scale-needs-range = a scale question needs min and max (e.g. 0 and 10)
invalid-type-unknown = choose a question type
invalid-time-invalid = enter a date and time
invalid-closes-before-opening = the survey must close after it opens
invalid-limit-out-of-range = the response limit is a whole number from 1 to { $max }
invalid-retention-out-of-range = responses are kept from 1 to { $max } days
invalid-pin-invalid = a pinned key uses 1–{ $max } letters without diacritics, digits or signs such as - _ . ?, and no spaces
invalid-options-needed = a choice question needs at least one option
invalid-option-duplicate = the option { $option } is listed twice
invalid-not-a-number = must be a whole number
invalid-not-a-time = enter a date and time
invalid-choose-language = choose a language
invalid-choose-access = choose who may answer

## The response webhook
webhook-title = Webhook of new responses
webhook-link = Post each new response to an address of yours (Slack, Teams, your own system)
webhook-intro = Each new response is posted as JSON to the address below, signed with a secret only you and ankieter know, and retried through the same queue as SALESmanago deliveries (the Deliveries page shows each post). Answers to e-mail questions are left out.
webhook-current = Responses are posted to { $url }
webhook-none = No webhook is set: responses are not posted anywhere.
webhook-remove = Remove the webhook
webhook-url = Webhook address
webhook-url-new = A new address (replaces the current one and its secret)
webhook-hint = HTTPS. Saving creates a new signing secret, shown once.
webhook-secret-why = This is the signing secret: the receiver checks X-Ankieter-Signature with it. It is not shown again; saving again creates a new one.
webhook-format-title = What is posted
webhook-format = The signature is the hex HMAC-SHA256, under the secret, of the timestamp header, a dot and the body. Refuse posts whose timestamp is more than a few minutes old. Answer 2xx when received; 429 and 5xx are retried with backoff for up to 24 hours, other answers fail the post.
webhook-url-too-long = The address is too long.
webhook-url-not-an-address = Enter a whole address such as https://hooks.example.com/ankieter.
webhook-url-not-https = The address must start with https://.
webhook-url-not-public = The address is on this server's own network.
flash-webhook-removed = The webhook was removed.
webhook-test = Send a test post
flash-webhook-test-ok = The webhook took the test post: it answered { $status }.
flash-webhook-test-refused = The webhook answered the test post with { $status }: responses would not be accepted.
flash-webhook-test-unreachable = The test post did not arrive: { $reason }

## Personal data: a person's requests, retention, the audit log
privacy-title = Personal data
privacy-link = Find, download or erase a person's data; how long responses are kept
privacy-intro = Answer a data-subject request in minutes: find everything this account stores about a person, download it as JSON, or erase it. Every download, erasure and setting is written to the audit log.
privacy-person-title = A person's data
privacy-email = E-mail
privacy-contact-id = or SALESmanago contact id
privacy-one-of = Fill in one of the two. An e-mail matches whatever its case, in any answer or hidden value.
privacy-find = Find
privacy-found-title = Stored about this person
privacy-found = Responses: { $responses } · contact-center events: { $events } · chats waiting to close: { $chats }
privacy-export = Download as JSON
privacy-erase-confirm = I want to erase all of this; it cannot be undone.
privacy-erase = Erase this person's data
privacy-both = Fill in the e-mail or the contact id, not both.
privacy-neither = Fill in an e-mail or a contact id.
privacy-bad-email = This is not an e-mail address.
privacy-bad-contact-id = A SALESmanago contact id looks like 0f3a1c2e-1111-4a2b-9c3d-0123456789ab.
privacy-confirm-missing = Tick the box to confirm the erasure.
flash-person-erased = Erased: { $responses } responses, { $deliveries } deliveries, { $chats } waiting chats. The audit log records the counts, not the person.
flash-person-in-flight = { $count ->
    [one] One delivery was being sent at that moment: SALESmanago may have received it, so erase the contact there too.
   *[other] { $count } deliveries were being sent at that moment: SALESmanago may have received them, so erase the contact there too.
}
retention-title = How long responses are kept
retention-current-days = { $count ->
    [one] Responses older than { $count } day are deleted every day, with their deliveries.
   *[other] Responses older than { $count } days are deleted every day, with their deliveries.
}
retention-current-forever = Responses are kept for ever.
retention-days = Keep responses for (days)
retention-hint = From 1 to 36500 days; leave empty to keep them for ever. The server deletes older responses, their deliveries and older contact-center events once a day.
retention-out-of-range = Enter a number of days from 1 to 36500, or leave the field empty.
retention-current-values = { $count ->
    [one] What a delivered response sent keeps its values for { $count } day; then the ledger shows its keys, tags and cut values only.
   *[other] What a delivered response sent keeps its values for { $count } days; then the ledger shows its keys, tags and cut values only.
}
retention-values-days = Keep the values a delivered response sent for (days)
retention-values-hint = Once a response is delivered, its values are needed only to show them in the ledger; the answers stay with the response. From 1 to 36500 days; empty keeps them as long as the response.
flash-retention-saved = Saved: the server applies it once a day.
delivery-values-removed = The values were removed after delivery, as the account's retention asks; the answers are in the response.
audit-title = Audit log
audit-intro = Every change to this account's settings, secrets, surveys, tokens and deliveries, and every person's data downloaded or erased: who, what, when and from which address.
audit-csv = Download as CSV
audit-empty = Nothing has been changed yet.
audit-who = Who
audit-action = Action
audit-detail = What
audit-ip = Address
audit-older = Older entries

## EmpikPlace
nav-empikplace = EmpikPlace
empik-intro = Customers' messages in your EmpikPlace shop become Thulium helpdesk tickets, and your agents' replies in those tickets go back to the customer in EmpikPlace.
empik-none = No EmpikPlace shop is connected yet.
empik-new = Connect an EmpikPlace shop
empik-shop-title = EmpikPlace shop { $shop }
empik-shop-id = Shop id
empik-queue = Ticket queue
empik-category = Ticket category (optional)
empik-state = State
empik-on = polled
empik-off = switched off
empik-paused = paused
empik-paused-title = Paused: nothing is read or sent until you resume.
empik-resume = Resume
empik-api-key = Shop API key
empik-key-saved = A key is saved. Leave this empty to keep it.
empik-key-where = In EmpikPlace's seller panel: your user's menu → API key.
empik-api-url = EmpikPlace API address
empik-thulium-shared = The address and user are the ones your contact-center integration uses.
empik-password-shared = Leave this empty to use the contact-center integration's password.
empik-customer-field = Thulium customer field holding the EmpikPlace customer id
empik-customer-field-hint = A text field of Thulium's CRM customers, such as "empik_id". A ticket is linked to the customer whose field holds the id; a missing customer is added with it.
empik-auto-reply = Automatic reply to a new thread (optional)
empik-auto-reply-hint = Sent once per thread when its first message arrives, e.g. "Thank you, we answer within 24 hours."
empik-poll-seconds = Read the inbox every (seconds, at least 60)
empik-enabled = Switched on (only messages written after switching on are taken)
empik-deliveries-link = Messages and replies in the deliveries
empik-delete = Disconnect shop { $shop } with its deliveries
empik-test-ok = EmpikPlace and Thulium both answered.
flash-empik-saved = The EmpikPlace shop was saved.
flash-empik-resumed = The integration was resumed; its waiting messages and replies are sent now.
flash-empik-deleted = The EmpikPlace shop was disconnected.
deliveries-kind-empik = EmpikPlace
empik-step-customer = customer's message → ticket
empik-step-shop = shop's message → ticket comment
empik-step-operator = Empik's message → ticket comment
empik-step-reply = agent's reply → EmpikPlace
empik-step-auto-reply = automatic reply → EmpikPlace
empik-paused-why = Save a new key or password, or resume once it is fixed. EmpikPlace or Thulium answered:
