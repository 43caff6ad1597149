# Pulse AI Studio — English: the pages' messages. A page fetches these only when it opens one of
# the pages whose code is fetched when opened (everything but chat): see "i18n" in docs/ARCHITECTURE.md.

price-per-month = / month

## Landing
landing-hero-eyebrow = Made for Jordan, Arabic first
landing-hero-title = Every AI tool you need, in one place, in your language
landing-hero-subtitle = Chat with the best models, write your CV, build your slides, and make images and video — from your phone, with clear quotas, from 3 JOD a month.
landing-cta-start = Get started
landing-cta-pricing = See pricing
landing-tools-title = Five tools, one subscription
tool-chat-title = Smart chat
tool-chat-desc = Pick GPT, Claude or Gemini and watch the answer arrive word by word.
tool-cv-title = CV maker
tool-cv-desc = A professional CV in Arabic or English, ATS-ready, as PDF and Word.
tool-slides-title = Slide maker
tool-slides-desc = From an idea to a full, editable deck as PowerPoint and PDF.
tool-image-title = Image studio
tool-image-desc = Generate images from a prompt, then crop, edit and add correct Arabic text.
tool-video-title = Video studio
tool-video-desc = Short clips from a prompt, or add Arabic captions to your own clip.
pricing-title = Simple pricing in Jordanian dinars
pricing-subtitle = Pay monthly and cancel any time. You always see your usage — no surprise bills.
pricing-popular = Most popular
pricing-choose = Choose { $plan }
pricing-addons = Need more? Add 200,000 tokens, 10 images or one video for 1 JOD each.
pricing-unavailable = Prices could not be loaded right now. Please try again shortly.
feature-chat = Chat with every model
feature-cv = CV maker
feature-image = Image studio
feature-video = Video studio
feature-slides = Slide maker
feature-pdf_summary = PDF summaries
feature-long_prompts = Long prompts and context
feature-advanced_editors = Advanced editors
faq-title = Frequently asked questions
faq-q1 = What is a “token” in my quota?
faq-a1 = Tokens are the pieces of text models read and write. A typical message and its answer use a few hundred tokens, so 150,000 tokens cover hundreds of chats a month.
faq-q2 = How do I pay?
faq-a2 = By card through secure Jordanian payment gateways, or with a mobile wallet. Your plan starts as soon as the payment succeeds and renews after a month.
faq-q3 = What happens when my quota runs out?
faq-a3 = We warn you at 80%, and at 100% we stop before anything more is charged. Buy a 1 JOD add-on or upgrade to a bigger plan.
faq-q4 = Does it work on my phone?
faq-a4 = Yes — it is designed for phones first, and you can install it on your home screen like an app.
faq-q5 = Is my data safe?
faq-a5 = Your files are yours and are downloaded only through short-lived signed links. You can download your data or delete your account at any time.
cta-title = Ready to start?
cta-body = Try chat and the tools now — Arabic first, English on one tap.
cta-button = Open the studio
footer-note = Made in Amman for Arabic speakers.
footer-rights = © { $year } Pulse AI Studio. All rights reserved.

## Sign-in
login-title = Sign in
login-subtitle = Enter your email and we will send you a sign-in link. No password needed.
login-email-label = Email
login-email-placeholder = name@example.com
login-submit = Send me a sign-in link
login-sending = Sending…
login-no-password = Your first sign-in creates your account.
login-sent-title = Check your email
login-sent-body = If { $email } can sign in, a link is on its way to it now.
login-sent-hint = The link works once, for 15 minutes. Look in your spam folder if you cannot find it.
login-sent-again = Send a new link
login-error-expired = This link has expired. Send yourself a new one.
login-error-used = This link was already used. Send yourself a new one.
login-error-invalid = This link is not valid. Send yourself a new one.
login-error-suspended = This account is suspended. Please contact support.
login-rate-limited = Too many links requested. Try again in { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.
login-signed-out-everywhere = You are signed out on every device.
error-csrf = The request was refused because it did not come from our pages. Reload the page and try again.
email-login-subject = Your Pulse sign-in link
email-login-greeting = Hello,
email-login-intro = Press the button below to sign in to Pulse AI Studio.
email-login-button = Sign in
email-login-expiry = The link works once, within { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.
email-login-fallback = If the button does not work, copy this link into your browser:
email-login-ignore = If you did not ask to sign in, ignore this email.

## Account
account-profile = Profile
account-email = Email
account-display-name = Display name
account-language = Language
account-save = Save
account-name-too-long = That name is too long (80 characters at most).
lang-name-ar = العربية
lang-name-en = English
account-sessions-title = Sessions
account-sessions = { $count ->
    [one] { $n } open session
   *[other] { $n } open sessions
}
account-sign-out = Sign out
account-sign-out-everywhere = Sign out everywhere
account-data-title = Your data
account-download = Download my data
account-download-desc = A JSON file with everything we keep about you.
account-delete-title = Delete account
account-delete-desc = Deletes your account, conversations and files for good. This cannot be undone.
account-delete-confirm-label = Type your email to confirm
account-delete-button = Delete my account for good
account-delete-mismatch = The email you typed does not match your account.

## Admin
admin-title = Admin
admin-users = Users
admin-sessions = Open sessions
forbidden-title = You do not have access
forbidden-body = This page is for administrators only.

## Usage
cost-preview = { $kind ->
    [images] Uses { $amount } of your { $remaining } remaining images
    [videos] Uses { $amount } of your { $remaining } remaining videos
   *[tokens] Uses up to { $amount } of your { $remaining } remaining tokens
}

## Files
files-title = Your files
files-storage = Storage
files-upload-label = Upload an image, a short video or a PDF
files-upload = Upload
files-limits = Up to { $image } per image, { $video } per video, { $doc } per PDF.
files-empty = No files yet. What you upload or create appears here.
files-download = Download
files-delete = Delete
files-delete-named = Delete { $name }
files-uploaded = Your file was uploaded and checked.
files-kind-image = Image
files-kind-video = Video
files-kind-doc = Document
files-kind-upload = Upload
files-not-found = This file does not exist or is not yours.
files-link-expired = This download link has expired. Open the file again from your account.
files-link-invalid = This download link is not valid.

## Billing
billing-title = Plan and payments
billing-paid-until = Paid until { $date }. Renew any time: the new month starts when this one ends.
billing-ends-on = Cancelled: your plan stays until { $date }, then ends.
billing-cancel = Cancel the plan
billing-nothing-to-cancel = There is no active plan to cancel.
billing-plans = Plans
billing-choose = Choose
billing-renew = Renew
billing-addons = Add-ons
billing-addons-note = 1 JOD each, added to this month and ending with it.
billing-history = Payments
billing-no-payments = No payments yet.
billing-col-item = What
billing-col-amount = Amount
billing-col-status = Status
billing-invoice = Invoice (PDF)

## Invoice
invoice-line-plan = { $plan } plan — one month
invoice-line-addon-tokens = Add-on: 200,000 tokens
invoice-line-addon-images = Add-on: 10 images
invoice-line-addon-video = Add-on: 1 video
invoice-seller-address = Amman, Jordan
invoice-title = Invoice
invoice-number = Invoice no.
invoice-date = Date
invoice-billed-to = Billed to
invoice-status = Status
invoice-paid-with = Paid with
invoice-reference = Reference
invoice-paid = Paid
invoice-description = Description
invoice-amount = Amount (JOD)
invoice-total = Total
invoice-total-paid = Total paid
invoice-footer = Amounts in Jordanian dinars (JOD), 1 JOD = 1000 fils. Dates in Amman time. Thank you.
payment-provider-sandbox = Sandbox (test payment)
payment-provider-hyperpay = HyperPay
payment-provider-paytabs = PayTabs
payment-provider-zaincash = ZainCash
billing-state-pending = Waiting
billing-state-paid = Paid
billing-state-failed = Failed
billing-state-cancelled = Cancelled
billing-state-refunded = Refunded
billing-paid = Payment received. Your plan is updated.
billing-failed = The payment did not go through. Nothing was charged.
billing-pending = The payment is being confirmed. This page updates when it is done.
sandbox-note = This is the test checkout: no card and no money. Choose what the gateway would answer.
sandbox-pay = Pay
sandbox-decline = Decline
sandbox-done = This order is already settled.
admin-payments = Payments and orders
admin-only-suspicious = Only suspicious ones
admin-user = Account email
admin-flag = Mark
admin-flag-note = Why it is suspicious (empty clears the mark)
admin-refund = Record refund
admin-refund-note = Refund reference and reason
admin-grant-addon = Grant an add-on
admin-grant = Grant
billing-refund-not-paid = Only a paid payment can be refunded.
billing-pay-title = Pay securely
billing-pay-cancel = Back to my account
billing-pay-secure = Your card details go straight to the payment gateway; they never pass through our servers and we never store them.
billing-trial-ends = Your free trial ends on { $date }. Choose a plan to keep going.

## Sign-in confirmation (the email's link)
verify-title = Confirm sign-in
verify-as = You are signing in as:
verify-other-browser = This link was asked for in another browser or device. Continue only if you asked for it yourself.
verify-confirm = Sign in now
verify-not-you = If you did not ask for this link, close this page and nothing will change.
verify-problem-title = This link can't be used
verify-new-link = Send a new link

## Public API (account page)
api-title = API
api-intro = Use your plan from any app that works with OpenAI: make a key, then give the app the base URL below and the key. Every request counts against your plan exactly as in the app.
api-secret-once = This is your new key. Copy it now and keep it somewhere safe: it will not be shown again.
api-key-name = Key name
api-key-expiry = Expires
api-key-expiry-never = Never
api-key-expiry-days = { $count ->
    [one] In one day
   *[other] In { $n } days
}
api-key-create = Create key
api-base-url = Base URL:
api-keys-empty = No keys yet.
api-key-created = Created
api-key-last-used = last used
api-key-expires = expires
api-key-requests = { $count ->
    [one] one request
   *[other] { $n } requests
}
api-key-revoke = Revoke
api-key-revoke-ask = This key will stop working at once. Go on?
api-key-revoke-yes = Yes, revoke it
api-key-keep = Keep it
api-docs-link = API description (OpenAPI)
api-key-name-invalid = Give the key a name of up to 60 characters.
api-key-expiry-invalid = Choose an expiry from the list.
api-key-too-many = You have 20 keys, the most allowed. Revoke one you no longer need first.
api-image-data-url = Send images as data: URLs (PNG, JPEG, WebP or GIF); we never fetch images from links.
api-content-invalid = The message content could not be read.
api-role-invalid = A message's role must be system, user or assistant.
api-last-not-user = The last message must be the user's.
api-n-unsupported = One answer per request (n = 1).
api-body-invalid = The request body is not valid JSON of the expected shape.

## CV maker
cv-new = New CV
cv-new-other = New CV in Arabic
cv-default-title-ar = My Arabic CV
cv-default-title-en = My CV
cv-copy-title = { $title } (copy)
cv-translated-title = { $title } (translated)
cv-lang-ar = Arabic
cv-lang-en = English
cv-template-classic = Classic
cv-template-modern = Modern
cv-template-compact = Compact
cv-ats-short = ATS
cv-duplicate = Duplicate
cv-delete = Delete
cv-delete-ask = Delete this CV for good?
cv-delete-yes = Delete it
cv-keep = Keep
cv-back = Back to your CVs
cv-all = All CVs
cv-tab-form = Form
cv-tab-preview = Preview
cv-title-label = CV title
save-saved = Saved
save-unsaved = Unsaved changes
save-stale = Changed in another tab — reload to see the newest
save-failed = Not saved:
save-reload = Reload
cv-lang-label = CV language
cv-template-label = Template
cv-ats = ATS mode
cv-ats-hint = ATS mode: one plain column with standard headings, read correctly by applicant tracking systems.
cv-export-pdf = Download PDF
cv-export-docx = Download Word
cv-translate-en = Translate into English
cv-translate-ar = Translate into Arabic
cv-section-personal = Personal details
cv-full-name = Full name
cv-headline = Job title
cv-email = Email
cv-phone = Phone
cv-location = City and country
cv-invalid-email = Check the email address, e.g. name@example.jo
cv-invalid-tel = A phone number needs at least 7 digits
cv-invalid-url = A link starts with https://
cv-invalid-text = Check this field
cv-invalid-month = Pick a month
cv-invalid-textarea = Check this field
cv-section-summary = Summary
cv-summary = A few sentences about you
cv-ai-summary = Write my summary
cv-ai-bullet = Improve
cv-ai-suggested = Suggested by the AI — accept it or discard it:
cv-ai-accept = Accept
cv-ai-discard = Discard
cv-ai-nothing = Write something first, then ask the AI to improve it.
cv-section-experience = Experience
cv-exp-role = Job title
cv-exp-company = Company
cv-exp-place = City
cv-start = From
cv-end = To
cv-current = I work here now
cv-bullets = Achievements
cv-bullet = Achievement
cv-add-bullet = Add an achievement
cv-remove-bullet = Remove this achievement
cv-add-experience = Add a job
cv-remove-entry = Remove
cv-remove-ask = Remove it?
cv-remove-yes = Remove
cv-move-up = Move up
cv-move-down = Move down
cv-section-education = Education
cv-edu-degree = Degree
cv-edu-school = University or school
cv-edu-details = Notes (grade, project)
cv-add-education = Add education
cv-section-skills = Skills and languages
cv-skills = Skills
cv-skills-hint = Separate skills with commas.
cv-languages = Languages
cv-language-name = Language
cv-language-level = Level
cv-level-native = Native
cv-level-fluent = Fluent
cv-level-good = Good
cv-level-basic = Basic
cv-add-language = Add a language
cv-section-certificates = Certificates
cv-cert-name = Certificate
cv-cert-issuer = Issued by
cv-cert-year = Year
cv-add-certificate = Add a certificate
cv-section-links = Links
cv-link-label = Name (e.g. LinkedIn)
cv-link-url = Address
cv-add-link = Add a link
cv-page-alt = Page { $n } of the CV
cv-too-many = You have 50 CVs, the most you can keep. Delete one to make another.

## Slide maker
slides-new = New deck
slides-topic = Topic
slides-topic-example = e.g. Solar energy in Jordan
slides-audience = Audience
slides-count = Number of slides
slides-n = { $count ->
    [one] { $n } slide
   *[other] { $n } slides
}
slides-lang = Deck language
slides-tone = Tone
slides-tone-clear = Clear
slides-tone-formal = Formal
slides-tone-friendly = Friendly
slides-tone-persuasive = Persuasive
slides-generate = Write the outline
slides-blank = Start blank
slides-untitled = Untitled deck
slides-untitled-slide = Untitled slide
slides-from-chat = The outline will be made from your conversation.
slides-from-chat-topic = This conversation
slides-delete-ask = Delete this deck for good?
slides-delete-yes = Delete
slides-back = Back to your decks
slides-all = All decks
slides-deck-title = Deck title
slides-theme = Theme
slides-theme-oasis = Oasis
slides-theme-midnight = Midnight
slides-theme-desert = Desert
slides-theme-petra = Petra
slides-export-pptx = Download PowerPoint
slides-export-pdf = Download PDF
slides-list = Slides
slide-add = Add a slide
slide-delete = Delete slide
slide-delete-ask = Delete this slide?
slide-delete-yes = Delete
slides-slide-n = Slide { $n }
slides-layout = Layout
slides-layout-title = Title slide
slides-layout-bullets = Title and points
slides-layout-two_columns = Two columns
slides-layout-image_text = Picture and text
slides-layout-quote = Quote
slides-layout-section = Section divider
slides-slide-title = Title
slides-quote-by = Who said it
slides-body-title = Subtitle
slides-body-quote = Quote
slides-body-section = Line under the title
slides-body-bullets = Text
slides-body-two_columns = Text
slides-body-image_text = Text
slides-bullets = Points
slides-bullets-hint = One point per line.
slides-bullets2 = Second column
slides-picture = Picture
slides-no-images = No images yet. Make one in the image studio or upload one on the account page.
slides-notes = Speaker notes
slides-title-invalid = Give the deck a title of up to 120 characters.
slides-too-many-slides = A deck can have at most 60 slides.
slides-too-large = This deck is too long to save. Shorten some slides.
slides-too-many = You have 50 decks, the most you can keep. Delete one to make another.
slides-topic-invalid = Write the deck's topic (up to 300 characters).
slides-count-invalid = Choose between 3 and 20 slides.
slides-outline-empty = The AI did not return an outline. Try again.

## Image studio
image-generator-title = Generate images
image-changing = Changing this image with AI
image-source-clear = Cancel the change
image-change-label = What should change?
image-prompt-label = Describe the image
image-change-placeholder = For example: make the background blue
image-prompt-placeholder = For example: a cup of Arabic coffee on a wooden table at sunset
image-model = Model
image-count = Images
image-aspect = Shape
image-aspect-1x1 = Square 1:1
image-aspect-4x5 = Portrait 4:5
image-aspect-9x16 = Story 9:16
image-aspect-16x9 = Wide 16:9
image-style = Style
image-style-none = No style
image-style-photo = Photo
image-style-illustration = Illustration
image-style-3d = 3D render
image-style-watercolor = Watercolour
image-style-poster = Poster
image-generate = Generate
image-change = Change the image
image-generating = Generating…
image-open-editor = Open the editor
image-download = Download
image-edit = Edit
image-ai-edit = Change with AI
image-delete = Delete
image-delete-yes = Delete for good
image-keep = Keep
image-gallery-title = My images
image-gallery-more = Show more
image-editor-title = Editor
image-editor-close = Close the editor
image-editor-loading = Loading the editor…
image-editor-missing = The editor is not part of this build.
image-editor-failed = The editor could not start. Reload the page and try again.
image-save-failed = The image could not be saved. Try again.
image-font-plex = IBM Plex Sans Arabic
image-font-naskh = Naskh
image-font-serif = Serif (Latin)
image-cost = { $remaining ->
    [0] No images left this month
   *[other] Uses { $a } of your { $r } remaining { $remaining ->
        [one] image
       *[other] images
    }
}
image-cost-over = Only { $remaining ->
    [one] 1 image is
   *[other] { $r } images are
} left this month: ask for fewer, or add images.
image-partial = { $k } images were asked for and { $made ->
    [one] 1 was made
   *[other] { $m } were made
}; only what was made is charged.
image-cut = The connection was cut, but the images are still being made: they will appear in My images.
image-why-safety = The model refused the rest under its safety rules.
image-why-timeout = The model took too long for the rest.
image-why-failed = The model stopped before the rest.
image-prompt-empty = Describe the image first.
image-prompt-too-long = The description is too long (2,000 characters at most).
image-aspect-invalid = Pick one of the offered shapes.
image-count-invalid = Pick 1 to 4 images.
image-model-unknown = This model is not available. Pick another.
image-no-edit-model = No available model can change images.
image-error-safety = The model refused this request under its safety rules. Nothing was charged. Rephrase it and try again.
image-error-rejected = The model couldn't handle this request. Nothing was charged.
image-error-none = The model returned no image. Nothing was charged.
image-error-too-large = This image is too large to change.
image-error-unsupported = This file is not an image we can open.

## Video studio
job-stage-video-starting = Sending to the model
job-stage-video-rendering = Making the clip
job-stage-video-saving = Saving the clip
job-stage-video-preparing = Getting your clip ready
video-generate-title = Make a clip from a prompt
video-prompt-label = Describe the clip
video-prompt-placeholder = An aerial shot of Petra at sunrise, slow camera movement
video-length = Length
video-seconds = { $count ->
    [one] { $n } second
   *[other] { $n } seconds
}
video-aspect = Shape
video-aspect-16x9 = Landscape 16:9
video-aspect-9x16 = Portrait 9:16 (stories)
video-model = Model
video-generate = Make clip
video-queueing = Sending…
video-cost = { $remaining ->
    [0] You have no videos left this month
    [one] Uses your last video this month
   *[other] Uses 1 of your { $r } remaining videos
}
video-edit-title = Edit your own clip
video-limits = Your plan cuts clips of up to { $count ->
    [one] { $n } second
   *[other] { $n } seconds
} from uploads of up to { $size }. Editing is free.
video-upload = Upload a video
video-upload-another = Upload another video
video-uploading = Uploading
video-uploading-percent = Uploading… { $n }%
video-trim = Trim
video-trim-start = Start (seconds)
video-trim-end = End (seconds)
video-set-here = Use current time
video-cut-length = The clip will be { $clock } long.
video-captions = Captions
video-caption-text = Caption text
video-caption-placeholder = Type a caption in Arabic or English
video-caption-start = From (seconds)
video-caption-end = To (seconds)
video-caption-add = Add caption
video-caption-remove = Remove
video-srt-import = Import SRT file
video-srt-imported = { $count ->
    [one] Imported { $n } caption.
   *[other] Imported { $n } captions.
}
video-srt-bad = This file has no captions we can read. Choose an SRT file.
video-caption-position = Position
video-position-bottom = Bottom
video-position-middle = Middle
video-position-top = Top
video-caption-size = Size
video-size-small = Small
video-size-medium = Medium
video-size-large = Large
video-render = Make edited clip
video-render-free = Editing doesn't use your video quota.
video-clips-title = Your clips
video-download = Download
video-delete = Delete
video-delete-confirm = Delete this clip for good?
video-delete-yes = Delete
video-delete-no = Keep
video-error-prompt-empty = Describe the clip first.
video-error-prompt-long = The description is too long. Shorten it and try again.
video-error-length = Choose a length of 4, 6 or 8 seconds.
video-error-aspect = Choose landscape or portrait.
video-error-model = This model is not available. Choose another one.
video-error-safety = The model refused this request under its safety rules. Nothing was charged. Rephrase it and try again.
video-error-busy = The model is busy right now. We tried again several times. Nothing was charged.
video-error-unavailable = The video service is unavailable right now. Nothing was charged. Try again in a few minutes.
video-error-timeout = The model took too long to make the clip. Nothing was charged.
video-error-provider = The model couldn't make this clip. Nothing was charged.
video-error-not-video = This file is not a video we can edit. Upload an MP4, WebM or MOV video.
video-error-too-large = This video is larger than your plan's limit for editing.
video-error-too-long = The trimmed clip is longer than your plan allows. Shorten it or upgrade.
video-error-trim = Choose a start and end inside the clip, at least half a second apart.
video-error-captions = Too many captions. Keep 50 or fewer.
video-error-caption = Each caption needs text (up to 200 characters) and an end after its start.
video-error-unreadable = We couldn't read this video. Export it again as MP4 and upload it.
video-error-source-gone = The original video was deleted, so this edit can't be made.
video-error-deleted = This clip was deleted.
video-styles-locked = Placing captions elsewhere and changing their size come with the Creator plan.

## Admin console
admin-nav-dashboard = Dashboard
admin-nav-users = Users
admin-nav-subscriptions = Subscriptions
admin-nav-payments = Payments
admin-nav-jobs = Jobs
admin-nav-moderation = Moderation
admin-nav-audit = Audit log
admin-range-from = From
admin-range-to = To
admin-range-show = Show
admin-error-range = Choose a start and an end date (the start first, at most 400 days apart).
admin-error-self = You can't do that to your own account. Ask another admin.
admin-error-role = Choose a role: user or admin.
admin-mrr = Monthly recurring revenue
admin-revenue = Revenue
admin-cost = Estimated provider cost
admin-paying = Paying users
admin-signups = Sign-ups
admin-failed-jobs = Failed jobs
admin-moderation = Moderation (unreviewed / all)
admin-revenue-note = Revenue is what was paid in this period ({ $paid }) minus the refunds recorded in it ({ $refunded }). Days are Amman days.
admin-paying-by-plan = Paying users by plan
admin-col-plan = Plan
admin-col-users = Users
admin-col-day = Day
admin-col-month = Month
admin-col-model = Model
admin-col-usage = Usage
admin-col-cost = Estimated cost
admin-col-period = Period
admin-chart-revenue = Revenue per day
admin-chart-usage = Estimated provider cost per model, against revenue
admin-show-numbers = Show the numbers
admin-by-month = Revenue per month
admin-no-usage = No usage in this period
admin-search = Search
admin-search-placeholder = Search by email
admin-none = Nothing here.
admin-more = Show more
admin-role-admin = Admin
admin-suspended = Suspended
admin-back-users = All users
admin-joined = Joined on { $date }
admin-no-plan = No plan
admin-files = Files
admin-suspend = Suspend
admin-unsuspend = Unsuspend
admin-make-admin = Make admin
admin-make-user = Remove admin role
admin-grant-plan = Grant a plan for a month
admin-delete = Delete account
admin-delete-confirm = Delete this account with all its files, chats and history? This cannot be undone.
admin-delete-yes = Yes, delete it
admin-delete-no = Keep it
admin-only-current = Only current ones
admin-sub-trial = Trial
admin-sub-active = Active
admin-sub-cancel_at_period_end = Ends at period end
admin-sub-expired = Ended
admin-jobs-failed = Failed and dead
admin-jobs-active = Queued and running
admin-only-unreviewed = Only unreviewed ones
admin-reviewed = Reviewed
admin-mark-reviewed = Mark reviewed
admin-audit-actor = Who (email)
admin-audit-action = Action
admin-audit-csv = Download CSV
admin-error-listed = This address is in ADMIN_EMAILS, which makes it an admin. Take it off that list to remove the role.
admin-newest = Newest
admin-older = Older
