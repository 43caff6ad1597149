# Pulse AI Studio — Arabic (the default language)
app-name = استوديو بلس للذكاء الاصطناعي
app-short-name = بلس
meta-description = مساحة عمل عربية للذكاء الاصطناعي: محادثة، سيرة ذاتية، عروض تقديمية، صور وفيديو — باشتراك شهري يبدأ من 3 دنانير.
skip-to-content = انتقل إلى المحتوى
money-jod = { $amount } د.أ
lang-toggle-label = English
lang-toggle-aria = Switch to English
lang-switch-failed = تعذّر التبديل إلى الإنجليزية الآن. تحقّق من اتصالك وحاول مجددًا.

## Navigation
nav-main = التنقل الرئيسي
nav-home = الرئيسية
nav-chat = المحادثة
nav-cv = السيرة
nav-slides = العروض
nav-image = الصور
nav-video = الفيديو
nav-account = الحساب

## Landing
quota-tokens = { $count ->
    [zero] لا رموز
    [one] رمز واحد
    [two] رمزان
    [few] { $n } رموز
    [many] { $n } رمزًا
   *[other] { $n } رمز
}
quota-images = { $count ->
    [zero] لا صور
    [one] صورة واحدة
    [two] صورتان
    [few] { $n } صور
    [many] { $n } صورة
   *[other] { $n } صورة
}
quota-videos = { $count ->
    [zero] لا مقاطع فيديو
    [one] مقطع فيديو واحد
    [two] مقطعا فيديو
    [few] { $n } مقاطع فيديو
    [many] { $n } مقطع فيديو
   *[other] { $n } مقطع فيديو
}
quota-per-month = { $what } شهريًا

## Tool pages
page-chat-title = المحادثة
page-chat-empty-title = ابدأ محادثة جديدة
page-chat-empty-body = اكتب سؤالك أو طلبك، وسيجيبك النموذج الذي تختاره كلمة بكلمة.
page-chat-empty-example = جرّب: اكتب لي رسالة تقديم لوظيفة
page-cv-title = السيرة الذاتية
page-cv-empty-title = لا توجد سير ذاتية بعد
page-cv-empty-body = املأ نموذجًا بسيطًا، وشاهد المعاينة مباشرة، ثم صدّرها بصيغة PDF أو Word.
page-cv-empty-example = جرّب: سيرة ذاتية لمحاسب حديث التخرج
page-slides-title = العروض التقديمية
page-slides-empty-title = لا توجد عروض بعد
page-slides-empty-body = اكتب الموضوع والجمهور وعدد الشرائح، وسنقترح عليك مخططًا تعدّله قبل التصدير.
page-slides-empty-example = جرّب: عرض عن الطاقة الشمسية في الأردن
page-image-title = استوديو الصور
page-image-empty-title = معرضك فارغ
page-image-empty-body = صف الصورة التي تريدها، ثم عدّلها في المتصفح: قصّ وتدوير وإضافة نص عربي.
page-image-empty-example = جرّب: فنجان قهوة عربية على طاولة خشبية عند الغروب
page-video-title = استوديو الفيديو
page-video-empty-title = لا توجد مقاطع بعد
page-video-empty-body = أنشئ مقطعًا قصيرًا من وصف نصي، أو ارفع مقطعًا لتضيف إليه ترجمة عربية.
page-video-empty-example = جرّب: لقطة جوية للبتراء عند الشروق
page-account-title = الحساب
page-account-empty-title = حسابك
page-account-empty-body = هنا ستجد باقتك وتاريخ التجديد واستهلاكك وفواتيرك وإعداداتك.
page-account-empty-example = اختر باقة

## Errors and system pages
notfound-title = الصفحة غير موجودة
notfound-body = ربما تغيّر الرابط أو حُذفت الصفحة.
notfound-home = عُد إلى الرئيسية
offline-title = لا يوجد اتصال بالإنترنت
offline-body = تحقق من اتصالك ثم حاول مرة أخرى. ما حفظناه على جهازك ما زال متاحًا.
offline-retry = أعد المحاولة
error-validation = تحقق من البيانات المدخلة وحاول مرة أخرى.
error-unauthorized = سجّل الدخول للمتابعة.
error-forbidden = لا تملك صلاحية الوصول إلى هذه الصفحة.
error-not-found = لم نجد ما تبحث عنه.
error-quota = انتهت حصتك لهذا الشهر. اشترِ إضافة بدينار واحد أو رقِّ باقتك.
error-rate-limited = أرسلت طلبات كثيرة في وقت قصير. انتظر قليلًا ثم حاول مرة أخرى.
error-timeout = تأخّر مزوّد الخدمة في الرد. حاول مرة أخرى.
error-unavailable = الخدمة غير متاحة مؤقتًا. حاول بعد قليل.
error-internal = حدث خطأ غير متوقع من جهتنا. لم يُخصم شيء من حصتك.
error-network = تعذّر الاتصال بالخادم. تحقق من اتصالك.

## Sign-in
nav-sign-in = سجّل الدخول
error-email-invalid = أدخل بريدًا إلكترونيًا صحيحًا، مثل name@example.com.

## Account
account-saved = حُفظت التغييرات.

## Admin
error-blocked = لا يمكننا تنفيذ هذا الطلب لأنه يخالف سياسة الاستخدام. لم يُخصم شيء من حصتك.
error-unknown-plan = لا توجد باقة بهذا الاسم.

## Usage
date-long = { $day } { $month } { $year }
month-1 = كانون الثاني
month-2 = شباط
month-3 = آذار
month-4 = نيسان
month-5 = أيار
month-6 = حزيران
month-7 = تموز
month-8 = آب
month-9 = أيلول
month-10 = تشرين الأول
month-11 = تشرين الثاني
month-12 = كانون الأول
usage-title = الباقة والاستهلاك
usage-pill = الاستهلاك · { $pct }٪
meter-tokens = الرموز
meter-images = الصور
meter-videos = الفيديو
meter-used = { $used } / { $limit }
meter-resets = يتجدد الرصيد في { $date }
usage-no-plan = ليست لديك باقة فعالة. اختر باقة لتبدأ.
usage-no-plan-short = لا باقة
usage-choose-plan = اختر باقة
usage-upgrade = أضف رصيدًا أو رقِّ باقتك
usage-dismiss = حسنًا
usage-warning-tokens = استهلكت 80٪ من رموز هذا الشهر.
usage-warning-images = استهلكت 80٪ من صور هذا الشهر.
usage-warning-videos = استهلكت 80٪ من مقاطع الفيديو لهذا الشهر.
usage-full-tokens = نفدت رموز هذا الشهر. أضف 200,000 رمز بدينار واحد أو رقِّ باقتك.
usage-full-images = نفدت صور هذا الشهر. أضف 10 صور بدينار واحد أو رقِّ باقتك.
usage-full-videos = نفدت مقاطع الفيديو لهذا الشهر. أضف مقطعًا بدينار واحد أو رقِّ باقتك.
usage-status-trial = تجربة مجانية
usage-status-active = فعالة
usage-status-cancel_at_period_end = تنتهي بنهاية الفترة
usage-status-expired = منتهية
usage-history = سجل هذه الفترة
usage-history-empty = لم تستخدم شيئًا بعد في هذه الفترة.
usage-col-date = التاريخ
usage-col-what = الأداة
usage-col-amount = الكمية
plan-name-starter = المبتدئ
plan-name-pro = المحترف
plan-name-creator = المبدع

## الملفات
size = { $unit ->
    [kb] { $n } كيلوبايت
    [mb] { $n } ميغابايت
    [gb] { $n } غيغابايت
   *[b] { $n } بايت
}
upload-error-no-file = اختر ملفًا لرفعه.
upload-error-empty = الملف فارغ.
upload-error-bad-name = اسم الملف غير مسموح. غيّر اسمه وحاول مجددًا.
upload-error-unsupported = هذا النوع من الملفات غير مدعوم. ارفع صورة PNG أو JPEG أو WebP أو GIF، أو فيديو MP4 أو WebM أو MOV، أو مستند PDF أو Word ‏(DOCX).
upload-error-too-large = الملف أكبر من الحد المسموح لنوعه.
upload-error-corrupt = الملف تالف أو غير مكتمل.
upload-error-too-many-pixels = أبعاد الصورة كبيرة جدًا. صغّرها وحاول مجددًا.
upload-error-too-long = الفيديو أطول من المسموح.
upload-error-bad-codec = لا يمكن تشغيل صيغة هذا الفيديو. صدّره بصيغة MP4 (H.264) وحاول مجددًا.
upload-error-quota-full = مساحتك ممتلئة. احذف بعض الملفات وحاول مجددًا.
upload-error-cannot-check = لا يمكننا فحص هذا الملف الآن. حاول لاحقًا.
upload-error-failed = تعذّر الرفع من جهتنا. حاول مجددًا.

## المحادثة
chat-conversations = المحادثات
chat-new = محادثة جديدة
chat-search = ابحث في المحادثات
chat-list-empty = لا توجد محادثات بعد.
chat-untitled = بلا عنوان
chat-model = النموذج
chat-input-placeholder = اكتب رسالتك…
chat-send = أرسل
chat-stop = أوقف
chat-copy = انسخ
chat-copied = نُسخ
chat-code-copy = انسخ الشيفرة
chat-edit = عدّل
chat-editing = تعديل الرسالة: عند الإرسال تحلّ النسخة الجديدة محلّها، ويُحذف كل ما بعدها.
chat-cancel-edit = ألغِ
chat-regenerate = أعد التوليد
chat-show-earlier = { $count ->
    [zero] لا رسائل سابقة
    [one] اعرض الرسالة السابقة
    [two] اعرض الرسالتين السابقتين
    [few] اعرض { $n } رسائل سابقة
    [many] اعرض { $n } رسالة سابقة
   *[other] اعرض { $n } رسالة سابقة
}
chat-settings = إعدادات المحادثة
chat-rename = غيّر الاسم
chat-delete = احذف المحادثة
chat-delete-ask = أتحذف هذه المحادثة ورسائلها نهائيًا؟
chat-delete-yes = نعم، احذفها
chat-keep = ألغِ
chat-system = تعليمات لهذه المحادثة (موجّه النظام)
chat-system-placeholder = مثال: أجب باختصار وباللهجة الأردنية.
chat-system-save = احفظ التعليمات
chat-attach = أرفق صورة
chat-remove-attachment = أزل
chat-stopped = أُوقفت الإجابة، ولا يُحسب إلا ما كُتب منها.
chat-cost = { $count ->
    [zero] لا رموز
    [one] رمز واحد
    [two] رمزان
    [few] { $tokens } رموز
    [many] { $tokens } رمزًا
   *[other] { $tokens } رمز
} · { $plan } من باقتك ({ $pct }٪ من رصيد هذا الشهر)
chat-model-unknown = هذا النموذج غير متاح. اختر نموذجًا آخر.
chat-empty = اكتب رسالة أولًا.
chat-too-long = الرسالة طويلة جدًا (20,000 حرف على الأكثر).
chat-attach-not-image = يمكن إرفاق الصور فقط.
chat-model-no-vision = هذا النموذج لا يرى الصور. اختر نموذجًا يراها أو أزل الصورة.
chat-nothing-to-regenerate = لا يوجد سؤال لإعادة الإجابة عنه.
chat-provider-busy = النموذج مشغول الآن ولم يستطع نموذج آخر الإجابة. لم يُخصم شيء من رصيدك. حاول بعد قليل.
chat-provider-failed = تعذّر على النموذج الإجابة. لم يُخصم من رصيدك شيء عن الجزء الذي فشل.
chat-provider-filtered = أوقف المزوّد هذه الإجابة وفق سياسة المحتوى لديه.
chat-title-invalid = يجب أن يكون العنوان بين حرف و120 حرفًا.
chat-system-too-long = التعليمات طويلة جدًا (4,000 حرف على الأكثر).

## الفوترة
page-sandbox-title = صفحة الدفع التجريبية
billing-addon-tokens = ‎+200,000 رمز
billing-addon-images = ‎+10 صور
billing-addon-video = ‎+فيديو واحد
billing-addon-needs-plan = تتطلّب الإضافات باقة فعّالة أو فترة تجريبية. اختر باقة أولًا.

## Background work (jobs)
jobs-title = مهام قيد التنفيذ
jobs-empty = لا مهام حاليًا. ما تطلبه من صور وفيديو ومستندات يظهر هنا مع تقدّمه.
jobs-demo-start = ابدأ مهمة تجريبية
jobs-badge-label = { $count ->
    [zero] لا مهام جارية
    [one] مهمة واحدة جارية
    [two] مهمتان جاريتان
    [few] { $n } مهام جارية
    [many] { $n } مهمة جارية
   *[other] { $n } مهمة جارية
}
jobs-too-many = لديك مهام كثيرة قيد الانتظار. انتظر حتى ينتهي بعضها ثم حاول مجددًا.
job-not-cancellable = انتهت هذه المهمة، فلا يمكن إلغاؤها.
job-not-retryable = لا يمكن إعادة هذه المهمة الآن.
job-kind-demo-count = مهمة تجريبية
job-status-queued = في الانتظار
job-status-running = قيد التنفيذ
job-status-succeeded = اكتملت
job-status-failed = تعذّر إكمالها
job-status-cancelled = أُلغيت
job-status-dead = توقّفت بعد عدة محاولات
job-percent = { $n }٪
job-stage-working = جارٍ العمل
job-cancel = ألغِ المهمة
job-cancelling = جارٍ الإلغاء…
job-retry = أعد المحاولة
job-error-demo = فشلت المحاولة التجريبية عمدًا.
job-error-worker-lost = توقّف الخادم أثناء العمل. لم يُخصم شيء من رصيدك.
job-error-input = بيانات هذه المهمة غير صالحة.

## Sign-in confirmation (the email's link)
chat-turn-deadline = طالت هذه الإجابة أكثر من المسموح فأوقفناها، وحُسب ما كُتب منها فقط.

## صانع السيرة الذاتية
save-saving = جارٍ الحفظ…
cv-send = أضفه إلى سيرة ذاتية
cv-send-choose = اختر سيرة
cv-send-summary = ملخصًا لها
cv-send-bullet = إنجازًا في أول وظيفة
cv-send-add = أضف
cv-send-done = أُضيف إلى سيرتك.
cv-send-none = أنشئ سيرة أولًا من صفحة السيرة الذاتية.
# What the chat's "send to CV" can answer.
cv-title-invalid = اكتب عنوانًا للسيرة لا يزيد على 80 حرفًا.
cv-too-large = هذه السيرة أطول من أن تُحفظ. اختصر بعض البنود.
cv-text-empty = لا يوجد نص لإضافته.
error-conflict = عُدّل هذا المحتوى في مكان آخر قبل حفظ تعديلك. أعد التحميل لترى أحدث نسخة.

## ميزات الباقات
error-feature-locked = باقتك لا تشمل هذه الميزة. رقِّ باقتك لتستخدمها.
upgrade-cta = اطّلع على الباقات
locked-slides-title = صانع العروض متاح في باقتَي المحترف والمبدع
locked-slides-body = حوّل موضوعًا أو محادثة إلى عرض تقديمي بالعربية أو الإنجليزية، وعدّله، ونزّله بصيغتَي PowerPoint وPDF.
locked-pdf_summary-title = تلخيص ملفات PDF متاح في باقتَي المحترف والمبدع
locked-pdf_summary-body = أرفق ملف PDF في المحادثة واحصل على أهم نقاطه بلغتك.
locked-long_prompts-title = الرسائل الطويلة متاحة في باقة المبدع
locked-long_prompts-body = أرسل رسائل تصل إلى 32,000 رمز، للمستندات الطويلة والتعليمات المفصلة.
locked-advanced_editors-title = المحررات المتقدمة متاحة في باقة المبدع
locked-advanced_editors-body = طبقات نصوص أكثر ومؤثرات وأنماط ترجمة في استوديو الصور والفيديو.

## صانع العروض
chat-to-slides = اصنع عرضًا من هذه المحادثة
chat-prompt-counter-title = الرموز التقديرية في رسالتك / أقصى ما تسمح به باقتك في رسالة واحدة
chat-prompt-too-long = هذه الرسالة أطول مما تسمح به أي باقة في مرة واحدة. اختصرها أو قسّمها.
chat-attach-pdf = أرفق ملف PDF أو Word
pdf-summarize = لخّص هذا المستند
pdf-summarize-prompt = لخّص هذا المستند: أهم نقاطه، ثم أبرز الأرقام والتواريخ.
pdf-cost = { $count ->
    [zero] لا رموز تقريبًا من رصيدك البالغ { $remaining }
    [one] نحو رمز واحد من رصيدك البالغ { $remaining }
    [two] نحو رمزين من رصيدك البالغ { $remaining }
    [few] نحو { $amount } رموز من رصيدك البالغ { $remaining }
    [many] نحو { $amount } رمزًا من رصيدك البالغ { $remaining }
   *[other] نحو { $amount } رمز من رصيدك البالغ { $remaining }
}
chat-pdf-no-text = لا يحتوي هذا المستند على نص يمكن قراءته (ربما يكون نسخة ممسوحة ضوئيًا). جرّب ملفًا نصه قابل للتحديد.
chat-pdf-unreadable = تعذّرت قراءة هذا المستند. تأكد من أنه يُفتح، ثم حاول مرة أخرى.
chat-pdf-too-long = هذا المستند أطول من أن يُلخَّص. جرّب جزءًا أقصر منه.

## استوديو الفيديو
job-kind-video-generate = مقطع من وصف
job-kind-video-edit = تحرير مقطع
upload-error-network = انقطع الرفع. تحقّق من اتصالك ثم أعد المحاولة.

## الإشعارات
notif-title = الإشعارات
notif-bell-label = { $count ->
    [zero] الإشعارات، لا جديد
    [one] الإشعارات، إشعار واحد غير مقروء
    [two] الإشعارات، إشعاران غير مقروءين
    [few] الإشعارات، { $n } إشعارات غير مقروءة
    [many] الإشعارات، { $n } إشعارًا غير مقروء
   *[other] الإشعارات، { $n } إشعار غير مقروء
}
notif-empty = لا إشعارات بعد. سننبهك هنا حين تكتمل مهامك، أو تنجح عملية دفع، أو تقترب باقتك من الانتهاء.
notif-more = اعرض الأقدم
notif-unread = غير مقروء
notif-prefs-title = الإشعارات
notif-prefs-email = راسلني بالبريد بشأن المدفوعات والتجديد وانتهاء باقتي
notif-prefs-note = تظهر كل الإشعارات في التطبيق تحت أيقونة الجرس، سواء فعّلت البريد أم لا.
notif-prefs-save = احفظ
notif-prefs-saved = حُفظت الإعدادات.
notice-job-done-title = اكتملت المهمة: { $job }
notice-job-done-body = افتح النتيجة من صفحة الأداة أو من قسم «مهام قيد التنفيذ» في حسابك.
notice-job-failed-title = تعذّر إكمال المهمة: { $job }
notice-job-failed-body = { $error }
notice-quota-80-title = استهلكت 80٪ من رصيد { $meter }
notice-quota-80-body = استهلكت معظم رصيد هذا الشهر من { $meter }. اشترِ إضافة أو رقِّ باقتك لتحصل على المزيد.
notice-quota-100-title = نفد رصيدك من { $meter }
notice-quota-100-body = نفد رصيد هذا الشهر من { $meter }. اشترِ إضافة أو رقِّ باقتك لتتابع فورًا.
notice-payment-paid-title = وصلتنا دفعتك: { $item }
notice-payment-paid-body = استلمنا { $amount } مقابل «{ $item }». تجد فاتورتك في صفحة حسابك.
notice-payment-failed-title = لم تنجح عملية الدفع
notice-payment-failed-body = رُفضت دفعتك البالغة { $amount } مقابل «{ $item }»، ولم يُخصم أي مبلغ. حاول مجددًا أو استخدم بطاقة أخرى.
notice-renewal-soon-title = تنتهي باقة { $plan } في { $date }
notice-renewal-soon-body = جدّد قبل { $date } ليتجدد رصيدك وتواصل عملك دون انقطاع.
notice-plan-expired-title = انتهت باقة { $plan }
notice-plan-expired-body = انتهت باقتك في { $date }. ملفاتك محفوظة؛ اختر باقة لتواصل الإبداع.
notice-email-open = افتح استوديو بلس
notice-email-prefs = وصلتك هذه الرسالة بحسب إعدادات الإشعارات لديك.
notice-email-prefs-link = غيّرها
notice-meter-tokens = الرموز
notice-meter-images = الصور
notice-meter-videos = مقاطع الفيديو
