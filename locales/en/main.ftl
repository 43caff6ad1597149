# Pulse AI Studio — English
app-name = Pulse AI Studio
app-short-name = Pulse
meta-description = An Arabic-first AI workspace: chat, CVs, slides, images and video — monthly plans from 3 JOD.
skip-to-content = Skip to content
money-jod = { $amount } JOD
lang-toggle-label = العربية
lang-toggle-aria = التبديل إلى العربية
lang-switch-failed = Could not switch to Arabic just now. Check your connection and try again.

## Navigation
nav-main = Main navigation
nav-home = Home
nav-chat = Chat
nav-cv = CV
nav-slides = Slides
nav-image = Images
nav-video = Video
nav-account = Account

## Landing
quota-tokens = { $count ->
    [one] { $n } token
   *[other] { $n } tokens
}
quota-images = { $count ->
    [one] { $n } image
   *[other] { $n } images
}
quota-videos = { $count ->
    [one] { $n } video
   *[other] { $n } videos
}
quota-per-month = { $what } a month

## Tool pages
page-chat-title = Chat
page-chat-empty-title = Start a new conversation
page-chat-empty-body = Type a question or a request and the model you pick answers word by word.
page-chat-empty-example = Try: write me a cover letter for a job
page-cv-title = CV
page-cv-empty-title = No CVs yet
page-cv-empty-body = Fill in a simple form, watch the live preview, then export it as PDF or Word.
page-cv-empty-example = Try: a CV for a newly graduated accountant
page-slides-title = Slides
page-slides-empty-title = No decks yet
page-slides-empty-body = Give a topic, an audience and a number of slides; we suggest an outline you can edit before exporting.
page-slides-empty-example = Try: a deck about solar energy in Jordan
page-image-title = Image studio
page-image-empty-title = Your gallery is empty
page-image-empty-body = Describe the picture you want, then edit it in the browser: crop, rotate and add Arabic text.
page-image-empty-example = Try: a cup of Arabic coffee on a wooden table at sunset
page-video-title = Video studio
page-video-empty-title = No clips yet
page-video-empty-body = Make a short clip from a prompt, or upload a clip to add Arabic captions.
page-video-empty-example = Try: an aerial shot of Petra at sunrise
page-account-title = Account
page-account-empty-title = Your account
page-account-empty-body = Your plan, renewal date, usage, invoices and settings will be here.
page-account-empty-example = Choose a plan

## Errors and system pages
notfound-title = Page not found
notfound-body = The link may have changed or the page was removed.
notfound-home = Back to home
offline-title = You are offline
offline-body = Check your connection and try again. What we saved on your device is still here.
offline-retry = Try again
error-validation = Please check what you entered and try again.
error-unauthorized = Please sign in to continue.
error-forbidden = You do not have access to this page.
error-not-found = We could not find what you were looking for.
error-quota = You have used this month's quota. Add a 1 JOD add-on or upgrade your plan.
error-rate-limited = Too many requests in a short time. Wait a moment and try again.
error-timeout = The provider took too long to answer. Please try again.
error-unavailable = The service is temporarily unavailable. Please try again shortly.
error-internal = Something went wrong on our side. Nothing was taken from your quota.
error-network = Could not reach the server. Check your connection.

## Sign-in
nav-sign-in = Sign in
error-email-invalid = Enter a valid email address, like name@example.com.

## Account
account-saved = Your changes are saved.

## Admin
error-blocked = We cannot do this request because it breaks the usage policy. Nothing was taken from your quota.
error-unknown-plan = There is no plan with that name.

## Usage
date-long = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
usage-title = Plan and usage
usage-pill = Usage · { $pct }%
meter-tokens = Tokens
meter-images = Images
meter-videos = Videos
meter-used = { $used } / { $limit }
meter-resets = Resets on { $date }
usage-no-plan = You have no active plan. Choose one to start.
usage-no-plan-short = No plan
usage-choose-plan = Choose a plan
usage-upgrade = Add more or upgrade
usage-dismiss = OK
usage-warning-tokens = You have used 80% of this month's tokens.
usage-warning-images = You have used 80% of this month's images.
usage-warning-videos = You have used 80% of this month's videos.
usage-full-tokens = This month's tokens are used up. Add 200,000 tokens for 1 JOD or upgrade.
usage-full-images = This month's images are used up. Add 10 images for 1 JOD or upgrade.
usage-full-videos = This month's videos are used up. Add one video for 1 JOD or upgrade.
usage-status-trial = Free trial
usage-status-active = Active
usage-status-cancel_at_period_end = Ends with this period
usage-status-expired = Expired
usage-history = This period's history
usage-history-empty = Nothing used yet this period.
usage-col-date = Date
usage-col-what = Tool
usage-col-amount = Amount
plan-name-starter = Starter
plan-name-pro = Pro
plan-name-creator = Creator

## Files
size = { $unit ->
    [kb] { $n } KB
    [mb] { $n } MB
    [gb] { $n } GB
   *[b] { $n } bytes
}
upload-error-no-file = Choose a file to upload.
upload-error-empty = The file is empty.
upload-error-bad-name = The file name is not allowed. Rename the file and try again.
upload-error-unsupported = This type of file is not supported. Upload a PNG, JPEG, WebP or GIF image, an MP4, WebM or MOV video, or a PDF or Word (DOCX) document.
upload-error-too-large = The file is too large for its type.
upload-error-corrupt = The file is damaged or incomplete.
upload-error-too-many-pixels = The image is too large in pixels. Resize it and try again.
upload-error-too-long = The video is too long.
upload-error-bad-codec = This video format cannot be played. Export it as H.264 MP4 and try again.
upload-error-quota-full = Your storage is full. Delete some files and try again.
upload-error-cannot-check = We cannot check this file right now. Please try again later.
upload-error-failed = The upload failed on our side. Please try again.

## Chat
chat-conversations = Conversations
chat-new = New chat
chat-search = Search conversations
chat-list-empty = No conversations yet.
chat-untitled = Untitled
chat-model = Model
chat-input-placeholder = Write a message…
chat-send = Send
chat-stop = Stop
chat-copy = Copy
chat-copied = Copied
chat-code-copy = Copy code
chat-edit = Edit
chat-editing = Editing your message: sending replaces it and everything after it.
chat-cancel-edit = Cancel
chat-regenerate = Regenerate
chat-show-earlier = { $count ->
    [one] Show the earlier message
   *[other] Show { $n } earlier messages
}
chat-settings = Conversation settings
chat-rename = Rename
chat-delete = Delete conversation
chat-delete-ask = Delete this conversation and its messages for good?
chat-delete-yes = Delete it
chat-keep = Keep
chat-system = Instructions for this conversation (system prompt)
chat-system-placeholder = For example: answer briefly, in Jordanian Arabic.
chat-system-save = Save instructions
chat-attach = Attach an image
chat-remove-attachment = Remove
chat-stopped = Stopped. Only what was written is counted.
chat-cost = { $count ->
    [one] one token
   *[other] { $tokens } tokens
} · { $plan } from your plan ({ $pct }% of this month)
chat-model-unknown = This model is not available. Pick another one.
chat-empty = Write a message first.
chat-too-long = The message is too long (20,000 characters at most).
chat-attach-not-image = Only images can be attached.
chat-model-no-vision = This model cannot see images. Pick a model that can, or remove the image.
chat-nothing-to-regenerate = There is no question to answer again.
chat-provider-busy = The model is busy right now and no other model could answer. Nothing was taken from your quota. Try again in a moment.
chat-provider-failed = The model could not answer. Nothing was taken from your quota for the part that failed.
chat-provider-filtered = The provider stopped this answer under its content policy.
chat-title-invalid = The title must have 1 to 120 characters.
chat-system-too-long = The instructions are too long (4,000 characters at most).

## Billing
page-sandbox-title = Sandbox checkout
billing-addon-tokens = +200,000 tokens
billing-addon-images = +10 images
billing-addon-video = +1 video
billing-addon-needs-plan = Add-ons need a plan or a trial. Choose a plan first.

## Background work (jobs)
jobs-title = Work in progress
jobs-empty = Nothing running. The images, videos and documents you ask for appear here with their progress.
jobs-demo-start = Start a demo job
jobs-badge-label = { $count ->
    [one] One job running
   *[other] { $n } jobs running
}
jobs-too-many = You have a lot of work waiting. Let some of it finish, then try again.
job-not-cancellable = This job has already ended, so it can't be cancelled.
job-not-retryable = This job can't be retried now.
job-kind-demo-count = Demo job
job-status-queued = Waiting
job-status-running = Working
job-status-succeeded = Done
job-status-failed = Could not finish
job-status-cancelled = Cancelled
job-status-dead = Stopped after several tries
job-percent = { $n }%
job-stage-working = Working
job-cancel = Cancel
job-cancelling = Cancelling…
job-retry = Try again
job-error-demo = The demo attempt failed on purpose.
job-error-worker-lost = The server stopped while working. You were not charged.
job-error-input = This job's data is not valid.

## Sign-in confirmation (the email's link)
chat-turn-deadline = This answer ran longer than allowed, so it was stopped; only what was written is counted.

## CV maker
save-saving = Saving…
cv-send = Add to a CV
cv-send-choose = Choose a CV
cv-send-summary = As its summary
cv-send-bullet = As an achievement of the first job
cv-send-add = Add
cv-send-done = Added to your CV.
cv-send-none = Make a CV first on the CV page.
# What the chat's "send to CV" can answer.
cv-title-invalid = Give the CV a title of up to 80 characters.
cv-too-large = This CV is too long to save. Shorten some entries.
cv-text-empty = There is no text to add.
error-conflict = Someone changed this first. Reload to see the newest version.

## Plan features
error-feature-locked = Your plan does not include this. Upgrade to use it.
upgrade-cta = See the plans
locked-slides-title = The slide maker comes with Pro and Creator
locked-slides-body = Turn a topic or a conversation into a deck in Arabic or English, edit it, and download PowerPoint and PDF files.
locked-pdf_summary-title = PDF summaries come with Pro and Creator
locked-pdf_summary-body = Attach a PDF in chat and get its main points in your language.
locked-long_prompts-title = Long prompts come with Creator
locked-long_prompts-body = Send messages of up to 32,000 tokens, for long documents and detailed instructions.
locked-advanced_editors-title = Advanced editors come with Creator
locked-advanced_editors-body = More text layers, effects and caption styles in the image and video studios.

## Slide maker
chat-to-slides = Make slides from this conversation
chat-prompt-counter-title = Estimated tokens in your message / the most your plan sends at once
chat-prompt-too-long = This message is longer than any plan can send at once. Shorten it or split it.
chat-attach-pdf = Attach a PDF or Word document
pdf-summarize = Summarise this document
pdf-summarize-prompt = Summarise this document: its main points, then the key figures and dates.
pdf-cost = { $count ->
    [one] About { $amount } token of your { $remaining }
   *[other] About { $amount } tokens of your { $remaining }
}
chat-pdf-no-text = This document has no text to read (it may be a scan). Try a file with selectable text.
chat-pdf-unreadable = This document could not be read. Check that it opens, then try again.
chat-pdf-too-long = This document is too long to summarise. Try a shorter part of it.

## Video studio
job-kind-video-generate = Clip from a prompt
job-kind-video-edit = Clip edit
upload-error-network = The upload was interrupted. Check your connection and try again.

## Notifications
notif-title = Notifications
notif-bell-label = { $count ->
    [0] Notifications, none unread
    [one] Notifications, one unread
   *[other] Notifications, { $n } unread
}
notif-empty = Nothing yet. We'll tell you here when your work finishes, a payment goes through or your plan is about to end.
notif-more = Show older
notif-unread = Unread
notif-prefs-title = Notifications
notif-prefs-email = Email me about payments, renewals and when my plan ends
notif-prefs-note = Everything always appears under the bell in the app as well.
notif-prefs-save = Save
notif-prefs-saved = Saved.
notice-job-done-title = { $job } is ready
notice-job-done-body = Open it from its page or from your background work.
notice-job-failed-title = { $job } failed
notice-job-failed-body = { $error }
notice-quota-80-title = 80% of your { $meter } used
notice-quota-80-body = You've used most of this month's { $meter }. Add more with an add-on or a bigger plan.
notice-quota-100-title = Your { $meter } are used up
notice-quota-100-body = This month's { $meter } are used up. An add-on or a bigger plan lets you go on right away.
notice-payment-paid-title = Payment received: { $item }
notice-payment-paid-body = We received { $amount } for { $item }. Your invoice is on your account page.
notice-payment-failed-title = Payment didn't go through
notice-payment-failed-body = Your payment of { $amount } for { $item } was declined. Nothing was charged; you can try again or use another card.
notice-renewal-soon-title = Your { $plan } plan ends on { $date }
notice-renewal-soon-body = Renew before { $date } to keep your quotas and your work without a break.
notice-plan-expired-title = Your { $plan } plan has ended
notice-plan-expired-body = Your plan ended on { $date }. Your files are safe; choose a plan to go on creating.
notice-email-open = Open Pulse AI Studio
notice-email-prefs = You get this email because of your notification settings.
notice-email-prefs-link = Change them
notice-meter-tokens = tokens
notice-meter-images = images
notice-meter-videos = videos
