# Pulse AI Studio — Arabic (the default language)
app-name = استوديو بلس للذكاء الاصطناعي
app-short-name = بلس
meta-description = مساحة عمل عربية للذكاء الاصطناعي: محادثة، سيرة ذاتية، عروض تقديمية، صور وفيديو — باشتراك شهري يبدأ من 3 دنانير.
skip-to-content = انتقل إلى المحتوى
money-jod = { $amount } د.أ
price-per-month = / شهريًا
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
landing-hero-eyebrow = مصمم للأردن وبالعربية أولًا
landing-hero-title = كل أدوات الذكاء الاصطناعي التي تحتاجها، في مكان واحد وبالعربية
landing-hero-subtitle = تحدّث مع أفضل النماذج، واكتب سيرتك الذاتية، وجهّز عروضك، وصمّم صورك ومقاطع الفيديو — من هاتفك، بحصص واضحة وبسعر يبدأ من 3 دنانير شهريًا.
landing-cta-start = ابدأ الآن
landing-cta-pricing = شاهد الأسعار
landing-tools-title = خمس أدوات في اشتراك واحد
tool-chat-title = محادثة ذكية
tool-chat-desc = اختر بين GPT وClaude وGemini، واحصل على إجابات تظهر كلمة بكلمة.
tool-cv-title = صانع السيرة الذاتية
tool-cv-desc = سيرة احترافية بالعربية أو الإنجليزية، جاهزة لأنظمة التوظيف، بصيغتي PDF وWord.
tool-slides-title = صانع العروض
tool-slides-desc = من الفكرة إلى عرض تقديمي كامل قابل للتعديل بصيغتي PowerPoint وPDF.
tool-image-title = استوديو الصور
tool-image-desc = أنشئ صورًا من وصف نصي، ثم قصّها وعدّلها وأضف نصًا عربيًا صحيحًا.
tool-video-title = استوديو الفيديو
tool-video-desc = مقاطع قصيرة من وصف نصي، أو أضف ترجمة عربية إلى مقطعك.
pricing-title = أسعار بسيطة بالدينار الأردني
pricing-subtitle = ادفع شهريًا وألغِ متى شئت. ترى استهلاكك دائمًا، ولا مفاجآت في الفاتورة.
pricing-popular = الأكثر اختيارًا
pricing-choose = اختر { $plan }
pricing-addons = تحتاج إلى المزيد؟ أضف 200,000 رمز أو 10 صور أو مقطع فيديو واحدًا، بدينار واحد لكلٍّ منها.
pricing-unavailable = تعذّر تحميل الأسعار الآن. حاول مرة أخرى بعد قليل.
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
feature-chat = محادثة مع كل النماذج
feature-cv = صانع السيرة الذاتية
feature-image = استوديو الصور
feature-video = استوديو الفيديو
feature-slides = صانع العروض التقديمية
feature-pdf_summary = تلخيص ملفات PDF
feature-long_prompts = رسائل وسياقات طويلة
feature-advanced_editors = محررات متقدمة
faq-title = أسئلة شائعة
faq-q1 = ما المقصود بـ«الرمز» في الحصة؟
faq-a1 = الرموز هي وحدات النص التي تقرؤها النماذج وتكتبها. رسالة عادية مع ردّها تستهلك بضع مئات من الرموز، فحصة 150,000 رمز تكفي مئات المحادثات شهريًا.
faq-q2 = كيف أدفع؟
faq-a2 = بالبطاقة عبر بوابات دفع أردنية آمنة، أو بالمحفظة الإلكترونية. يبدأ اشتراكك فور نجاح الدفع ويتجدد بعد شهر.
faq-q3 = ماذا يحدث عندما تنتهي حصتي؟
faq-a3 = ننبهك عند استهلاك 80٪، وعند 100٪ نتوقف قبل أي تكلفة إضافية. يمكنك شراء إضافة بدينار واحد أو الترقية إلى باقة أعلى.
faq-q4 = هل يعمل على الهاتف؟
faq-a4 = نعم، صُمم للهاتف أولًا. ويمكنك تثبيته على الشاشة الرئيسية كتطبيق.
faq-q5 = هل بياناتي آمنة؟
faq-a5 = ملفاتك خاصة بك، وتُنزَّل فقط عبر روابط مؤقتة موقعة. يمكنك تنزيل بياناتك أو حذف حسابك في أي وقت.
cta-title = هل نبدأ؟
cta-body = جرّب المحادثة والأدوات الآن: العربية أولًا، والإنجليزية بلمسة واحدة.
cta-button = افتح الاستوديو
footer-note = صُنع في عمّان للمستخدمين العرب.
footer-rights = © { $year } استوديو بلس. جميع الحقوق محفوظة.

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
login-title = تسجيل الدخول
login-subtitle = أدخل بريدك الإلكتروني وسنرسل إليك رابط دخول. لا حاجة إلى كلمة مرور.
login-email-label = البريد الإلكتروني
login-email-placeholder = name@example.com
login-submit = أرسل رابط الدخول
login-sending = جارٍ الإرسال…
login-no-password = يُنشأ حسابك تلقائيًا عند دخولك أول مرة.
login-sent-title = تحقق من بريدك
login-sent-body = إن كان بإمكان { $email } تسجيل الدخول، فسيصل إليه رابط الدخول خلال لحظات.
login-sent-hint = يعمل الرابط مرة واحدة خلال 15 دقيقة. إن لم تجد الرسالة، فتفقّد مجلد الرسائل غير المرغوب فيها.
login-sent-again = أرسل رابطًا جديدًا
login-error-expired = انتهت صلاحية هذا الرابط. أرسل رابطًا جديدًا.
login-error-used = استُخدم هذا الرابط من قبل. أرسل رابطًا جديدًا.
login-error-invalid = هذا الرابط غير صالح. أرسل رابطًا جديدًا.
login-error-suspended = هذا الحساب موقوف. تواصل مع الدعم.
login-rate-limited = طلبت روابط كثيرة. حاول مرة أخرى { $minutes ->
    [zero] بعد قليل
    [one] بعد دقيقة
    [two] بعد دقيقتين
    [few] بعد { $minutes } دقائق
    [many] بعد { $minutes } دقيقة
   *[other] بعد { $minutes } دقيقة
}.
login-signed-out-everywhere = سجّلنا خروجك من كل الأجهزة.
error-email-invalid = أدخل بريدًا إلكترونيًا صحيحًا، مثل name@example.com.
error-csrf = رُفض الطلب لأنه لم يصدر من صفحاتنا. حدّث الصفحة وحاول مرة أخرى.
email-login-subject = رابط تسجيل الدخول إلى بلس
email-login-greeting = مرحبًا،
email-login-intro = اضغط الزر أدناه لتسجيل الدخول إلى استوديو بلس.
email-login-button = سجّل الدخول
email-login-expiry = يعمل الرابط مرة واحدة خلال { $minutes ->
    [zero] دقائق قليلة
    [one] دقيقة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
}.
email-login-fallback = إن لم يعمل الزر، انسخ هذا الرابط إلى المتصفح:
email-login-ignore = إن لم تطلب تسجيل الدخول، تجاهل هذه الرسالة.

## Account
account-profile = الملف الشخصي
account-email = البريد الإلكتروني
account-display-name = الاسم الظاهر
account-language = اللغة
account-save = احفظ
account-saved = حُفظت التغييرات.
account-name-too-long = الاسم طويل جدًا (80 حرفًا على الأكثر).
lang-name-ar = العربية
lang-name-en = English
account-sessions-title = الجلسات
account-sessions = { $count ->
    [zero] لا جلسات مفتوحة
    [one] جلسة واحدة مفتوحة
    [two] جلستان مفتوحتان
    [few] { $n } جلسات مفتوحة
    [many] { $n } جلسة مفتوحة
   *[other] { $n } جلسة مفتوحة
}
account-sign-out = سجّل الخروج
account-sign-out-everywhere = سجّل الخروج من كل الأجهزة
account-data-title = بياناتك
account-download = نزّل بياناتي
account-download-desc = ملف JSON يضم كل ما نحفظه عنك.
account-delete-title = حذف الحساب
account-delete-desc = يحذف حسابك ومحادثاتك وملفاتك نهائيًا. لا يمكن التراجع عن ذلك.
account-delete-confirm-label = اكتب بريدك الإلكتروني للتأكيد
account-delete-button = احذف حسابي نهائيًا
account-delete-mismatch = البريد الذي كتبته لا يطابق بريد حسابك.

## Admin
admin-title = الإدارة
admin-users = المستخدمون
admin-sessions = الجلسات المفتوحة
forbidden-title = لا تملك صلاحية الوصول
forbidden-body = هذه الصفحة للمشرفين فقط.
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
cost-preview = { $kind ->
    [images] يستهلك { $amount } من رصيدك المتبقي من الصور: { $remaining }
    [videos] يستهلك { $amount } من رصيدك المتبقي من مقاطع الفيديو: { $remaining }
   *[tokens] يستهلك حتى { $amount } من رصيدك المتبقي من الرموز: { $remaining }
}

## الملفات
size = { $unit ->
    [kb] { $n } كيلوبايت
    [mb] { $n } ميغابايت
    [gb] { $n } غيغابايت
   *[b] { $n } بايت
}
files-title = ملفاتك
files-storage = المساحة
files-upload-label = ارفع صورة أو فيديو قصيرًا أو ملف PDF
files-upload = ارفع
files-limits = حتى { $image } للصورة، و{ $video } للفيديو، و{ $doc } لملف PDF.
files-empty = لا توجد ملفات بعد. ما ترفعه أو تنشئه يظهر هنا.
files-download = نزّل
files-delete = احذف
files-delete-named = احذف { $name }
files-uploaded = رُفع ملفك وفُحص بنجاح.
files-kind-image = صورة
files-kind-video = فيديو
files-kind-doc = مستند
files-kind-upload = ملف مرفوع
files-not-found = هذا الملف غير موجود أو ليس لك.
files-link-expired = انتهت صلاحية رابط التنزيل. افتح الملف من جديد من حسابك.
files-link-invalid = رابط التنزيل هذا غير صالح.
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
billing-title = الباقة والمدفوعات
billing-paid-until = مدفوعة حتى { $date }. جدّد متى شئت: يبدأ الشهر الجديد عند انتهاء هذا الشهر.
billing-ends-on = أُلغيت: تبقى باقتك حتى { $date } ثم تنتهي.
billing-cancel = ألغِ الباقة
billing-nothing-to-cancel = لا توجد باقة فعّالة لإلغائها.
billing-plans = الباقات
billing-choose = اختر
billing-renew = جدّد
billing-addons = الإضافات
billing-addons-note = دينار واحد لكل إضافة، تُضاف إلى هذا الشهر وتنتهي بانتهائه.
billing-addon-tokens = ‎+200,000 رمز
billing-addon-images = ‎+10 صور
billing-addon-video = ‎+فيديو واحد
billing-addon-needs-plan = تتطلّب الإضافات باقة فعّالة أو فترة تجريبية. اختر باقة أولًا.
billing-history = المدفوعات
billing-no-payments = لا توجد مدفوعات بعد.
billing-col-item = البند
billing-col-amount = المبلغ
billing-col-status = الحالة
billing-invoice = الفاتورة (PDF)
## الفاتورة
invoice-line-plan = باقة { $plan } — شهر واحد
invoice-line-addon-tokens = إضافة: 200,000 رمز
invoice-line-addon-images = إضافة: 10 صور
invoice-line-addon-video = إضافة: مقطع فيديو واحد
invoice-seller-address = عمّان، الأردن
invoice-title = فاتورة
invoice-number = رقم الفاتورة
invoice-date = التاريخ
invoice-billed-to = العميل
invoice-status = الحالة
invoice-paid-with = طريقة الدفع
invoice-reference = المرجع
invoice-paid = مدفوعة
invoice-description = الوصف
invoice-amount = المبلغ (د.أ)
invoice-total = المجموع
invoice-total-paid = المبلغ المدفوع
invoice-footer = المبالغ بالدينار الأردني (الدينار = 1000 فلس) والتواريخ بتوقيت عمّان. شكراً لك.
payment-provider-sandbox = دفع تجريبي
payment-provider-hyperpay = HyperPay
payment-provider-paytabs = PayTabs
payment-provider-zaincash = زين كاش
billing-state-pending = قيد الانتظار
billing-state-paid = مدفوعة
billing-state-failed = لم تنجح
billing-state-cancelled = ملغاة
billing-state-refunded = مستردّة
billing-paid = وصلت دفعتك وحُدّثت باقتك.
billing-failed = لم تنجح عملية الدفع ولم يُخصم أي مبلغ.
billing-pending = يجري تأكيد الدفع. ستُحدَّث هذه الصفحة عند انتهائه.
sandbox-note = هذه صفحة دفع تجريبية: لا بطاقة ولا مال. اختر ما كانت بوابة الدفع ستجيب به.
sandbox-pay = ادفع
sandbox-decline = ارفض
sandbox-done = اكتملت معالجة هذا الطلب من قبل.
admin-payments = المدفوعات والطلبات
admin-only-suspicious = المشبوهة فقط
admin-user = بريد الحساب
admin-flag = احفظ الوسم
admin-flag-note = سبب الاشتباه (اتركه فارغًا لإزالة الوسم)
admin-refund = سجّل الاسترداد
admin-refund-note = مرجع الاسترداد وسببه
admin-grant-addon = امنح إضافة
admin-grant = امنح
billing-refund-not-paid = لا يُسترد إلا دفع مكتمل.
billing-pay-title = ادفع بأمان
billing-pay-cancel = عُد إلى حسابي
billing-pay-secure = تذهب بيانات بطاقتك إلى بوابة الدفع مباشرة، ولا تمرّ بخوادمنا ولا نحفظها.
billing-trial-ends = تنتهي تجربتك المجانية في { $date }. اختر باقة لتستمر.

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
verify-title = أكّد تسجيل الدخول
verify-as = ستسجّل الدخول بالحساب:
verify-other-browser = طُلب هذا الرابط من متصفح أو جهاز آخر. تابع فقط إن كنت أنت من طلبه.
verify-confirm = سجّل الدخول الآن
verify-not-you = إن لم تطلب هذا الرابط فأغلق الصفحة، ولن يتغير شيء.
verify-problem-title = تعذّر استخدام الرابط
verify-new-link = أرسل رابطًا جديدًا
chat-turn-deadline = طالت هذه الإجابة أكثر من المسموح فأوقفناها، وحُسب ما كُتب منها فقط.

## Public API (account page)
api-title = واجهة البرمجة (API)
api-intro = استخدم باقتك من أي برنامج يعمل مع OpenAI: أنشئ مفتاحًا، ثم ضع عنوان الخادم أدناه والمفتاح في إعداداته. يُحتسب كل طلب من رصيد باقتك كما في التطبيق.
api-secret-once = هذا مفتاحك الجديد. انسخه الآن واحفظه في مكان آمن، فلن يظهر مرة أخرى.
api-key-name = اسم المفتاح
api-key-expiry = مدة الصلاحية
api-key-expiry-never = بلا انتهاء
api-key-expiry-days = { $count ->
    [zero] أقل من يوم
    [one] يوم واحد
    [two] يومان
    [few] { $n } أيام
    [many] { $n } يومًا
   *[other] { $n } يوم
}
api-key-create = أنشئ مفتاحًا
api-base-url = عنوان الخادم (base URL):
api-keys-empty = لا مفاتيح بعد.
api-key-created = أُنشئ في
api-key-last-used = آخر استخدام في
api-key-expires = ينتهي في
api-key-requests = { $count ->
    [zero] لا طلبات
    [one] طلب واحد
    [two] طلبان
    [few] { $n } طلبات
    [many] { $n } طلبًا
   *[other] { $n } طلب
}
api-key-revoke = ألغِ المفتاح
api-key-revoke-ask = سيتوقف هذا المفتاح فورًا. هل تريد المتابعة؟
api-key-revoke-yes = نعم، ألغِه
api-key-keep = أبقِه
api-docs-link = وصف الواجهة (OpenAPI)
api-key-name-invalid = اكتب اسمًا للمفتاح لا يزيد على 60 حرفًا.
api-key-expiry-invalid = اختر مدة صلاحية من القائمة.
api-key-too-many = لديك 20 مفتاحًا، وهو الحد الأقصى. ألغِ مفتاحًا لا تحتاجه أولًا.
api-image-data-url = أرسل الصور بصيغة data: (PNG أو JPEG أو WebP أو GIF)؛ لا نجلب الصور من الروابط.
api-content-invalid = تعذّرت قراءة محتوى الرسالة.
api-role-invalid = يجب أن يكون دور الرسالة system أو user أو assistant.
api-last-not-user = يجب أن تكون آخر رسالة من المستخدم.
api-n-unsupported = نُرجع إجابة واحدة فقط لكل طلب (n = 1).
api-body-invalid = نص الطلب ليس JSON صالحًا بالصيغة المتوقعة.

## صانع السيرة الذاتية
cv-new = أنشئ سيرة ذاتية
cv-new-other = أنشئ سيرة بالإنجليزية
cv-default-title-ar = سيرتي الذاتية
cv-default-title-en = My CV
cv-copy-title = { $title } (نسخة)
cv-translated-title = { $title } (مترجمة)
cv-lang-ar = العربية
cv-lang-en = الإنجليزية
cv-template-classic = كلاسيكي
cv-template-modern = عصري
cv-template-compact = مختصر
cv-ats-short = متوافق مع ATS
cv-duplicate = انسخ
cv-delete = احذف
cv-delete-ask = أتحذف هذه السيرة نهائيًا؟
cv-delete-yes = نعم، احذفها
cv-keep = ألغِ
cv-back = عُد إلى سِيَرك الذاتية
cv-all = كل السِّيَر
cv-tab-form = النموذج
cv-tab-preview = المعاينة
cv-title-label = عنوان السيرة
save-saved = تم الحفظ
save-unsaved = تعديلات غير محفوظة
save-saving = جارٍ الحفظ…
save-stale = جرى تعديل في تبويب آخر — أعد التحميل لترى أحدث نسخة
save-failed = تعذّر الحفظ:
save-reload = أعد التحميل
cv-lang-label = لغة السيرة
cv-template-label = القالب
cv-ats = وضع ATS
cv-ats-hint = وضع ATS: عمود واحد بسيط بعناوين قياسية، تقرؤه أنظمة فرز المتقدمين للوظائف كما يجب.
cv-export-pdf = نزّل PDF
cv-export-docx = نزّل Word
cv-translate-en = ترجمها إلى الإنجليزية
cv-translate-ar = ترجمها إلى العربية
cv-section-personal = البيانات الشخصية
cv-full-name = الاسم الكامل
cv-headline = المسمى الوظيفي
cv-email = البريد الإلكتروني
cv-phone = رقم الهاتف
cv-location = المدينة والبلد
cv-invalid-email = تحقق من البريد الإلكتروني، مثل name@example.jo
cv-invalid-tel = يحتاج رقم الهاتف إلى 7 أرقام على الأقل
cv-invalid-url = يبدأ الرابط بـ https://
cv-invalid-text = تحقق من هذا الحقل
cv-invalid-month = اختر شهرًا
cv-invalid-textarea = تحقق من هذا الحقل
cv-section-summary = الملخص
cv-summary = جمل قليلة تعرّف بك
cv-ai-summary = اكتب ملخصي
cv-ai-bullet = حسّنه
cv-ai-suggested = اقتراح الذكاء الاصطناعي — اقبله أو تجاهله:
cv-ai-accept = اقبل
cv-ai-discard = تجاهل
cv-ai-nothing = اكتب شيئًا أولًا، ثم اطلب من الذكاء الاصطناعي تحسينه.
cv-section-experience = الخبرات العملية
cv-exp-role = المسمى الوظيفي
cv-exp-company = الشركة
cv-exp-place = المدينة
cv-start = من
cv-end = إلى
cv-current = أعمل هنا حاليًا
cv-bullets = الإنجازات
cv-bullet = إنجاز
cv-add-bullet = أضف إنجازًا
cv-remove-bullet = احذف هذا الإنجاز
cv-add-experience = أضف وظيفة
cv-remove-entry = احذف
cv-remove-ask = أتحذف هذا البند؟
cv-remove-yes = احذف
cv-move-up = انقل إلى الأعلى
cv-move-down = انقل إلى الأسفل
cv-section-education = التعليم
cv-edu-degree = الشهادة
cv-edu-school = الجامعة أو المدرسة
cv-edu-details = ملاحظات (التقدير، مشروع التخرج)
cv-add-education = أضف مؤهلًا
cv-section-skills = المهارات واللغات
cv-skills = المهارات
cv-skills-hint = افصل بين المهارات بفواصل.
cv-languages = اللغات
cv-language-name = اللغة
cv-language-level = المستوى
cv-level-native = اللغة الأم
cv-level-fluent = بطلاقة
cv-level-good = جيد
cv-level-basic = مبتدئ
cv-add-language = أضف لغة
cv-section-certificates = الشهادات
cv-cert-name = الشهادة
cv-cert-issuer = الجهة المانحة
cv-cert-year = السنة
cv-add-certificate = أضف شهادة
cv-section-links = روابط
cv-link-label = الاسم (مثل LinkedIn)
cv-link-url = العنوان
cv-add-link = أضف رابطًا
cv-page-alt = الصفحة { $n } من السيرة
cv-title-invalid = اكتب عنوانًا للسيرة لا يزيد على 80 حرفًا.
cv-too-large = هذه السيرة أطول من أن تُحفظ. اختصر بعض البنود.
cv-too-many = لديك 50 سيرة، وهو الحد الأقصى. احذف واحدة لتنشئ أخرى.
cv-text-empty = لا يوجد نص لإضافته.
cv-send = أضفه إلى سيرة ذاتية
cv-send-choose = اختر سيرة
cv-send-summary = ملخصًا لها
cv-send-bullet = إنجازًا في أول وظيفة
cv-send-add = أضف
cv-send-done = أُضيف إلى سيرتك.
cv-send-none = أنشئ سيرة أولًا من صفحة السيرة الذاتية.
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
slides-new = أنشئ عرضًا
slides-topic = الموضوع
slides-topic-example = مثل: الطاقة الشمسية في الأردن
slides-audience = الجمهور
slides-count = عدد الشرائح
slides-n = { $count ->
    [zero] لا شرائح
    [one] شريحة واحدة
    [two] شريحتان
    [few] { $n } شرائح
    [many] { $n } شريحة
   *[other] { $n } شريحة
}
slides-lang = لغة العرض
slides-tone = الأسلوب
slides-tone-clear = واضح
slides-tone-formal = رسمي
slides-tone-friendly = ودود
slides-tone-persuasive = مقنع
slides-generate = اكتب المخطط
slides-blank = ابدأ بعرض فارغ
slides-untitled = عرض بلا عنوان
slides-untitled-slide = شريحة بلا عنوان
slides-from-chat = سيُبنى المخطط من محادثتك.
slides-from-chat-topic = هذه المحادثة
slides-delete-ask = أتحذف هذا العرض نهائيًا؟
slides-delete-yes = احذف
slides-back = عُد إلى عروضك
slides-all = كل العروض
slides-deck-title = عنوان العرض
slides-theme = السمة
slides-theme-oasis = واحة
slides-theme-midnight = منتصف الليل
slides-theme-desert = صحراء
slides-theme-petra = البتراء
slides-export-pptx = نزّل PowerPoint
slides-export-pdf = نزّل PDF
slides-list = الشرائح
slide-add = أضف شريحة
slide-delete = احذف الشريحة
slide-delete-ask = أتحذف هذه الشريحة؟
slide-delete-yes = احذف
slides-slide-n = الشريحة { $n }
slides-layout = التخطيط
slides-layout-title = شريحة العنوان
slides-layout-bullets = عنوان ونقاط
slides-layout-two_columns = عمودان
slides-layout-image_text = صورة ونص
slides-layout-quote = اقتباس
slides-layout-section = فاصل قسم
slides-slide-title = العنوان
slides-quote-by = قائل الاقتباس
slides-body-title = العنوان الفرعي
slides-body-quote = الاقتباس
slides-body-section = سطر تحت العنوان
slides-body-bullets = النص
slides-body-two_columns = النص
slides-body-image_text = النص
slides-bullets = النقاط
slides-bullets-hint = نقطة واحدة في كل سطر.
slides-bullets2 = العمود الثاني
slides-picture = الصورة
slides-no-images = لا توجد صور بعد. أنشئ صورة في استوديو الصور أو ارفع واحدة من صفحة الحساب.
slides-notes = ملاحظات المتحدث
slides-title-invalid = اكتب عنوانًا للعرض لا يزيد على 120 حرفًا.
slides-too-many-slides = لا يتسع العرض لأكثر من 60 شريحة.
slides-too-large = هذا العرض أطول من أن يُحفظ. اختصر بعض الشرائح.
slides-too-many = لديك 50 عرضًا، وهو الحد الأقصى. احذف واحدًا لتنشئ آخر.
slides-topic-invalid = اكتب موضوع العرض (حتى 300 حرف).
slides-count-invalid = اختر بين 3 و20 شريحة.
slides-outline-empty = لم يُرجع الذكاء الاصطناعي مخططًا. حاول مرة أخرى.
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

## استوديو الصور
image-generator-title = أنشئ صورًا
image-changing = تعديل هذه الصورة بالذكاء الاصطناعي
image-source-clear = ألغِ التعديل
image-change-label = ما الذي تريد تغييره؟
image-prompt-label = صف الصورة
image-change-placeholder = مثلًا: اجعل الخلفية زرقاء
image-prompt-placeholder = مثلًا: فنجان قهوة عربية على طاولة خشبية عند الغروب
image-model = النموذج
image-count = عدد الصور
image-aspect = الأبعاد
image-aspect-1x1 = مربّع 1:1
image-aspect-4x5 = عمودي 4:5
image-aspect-9x16 = القصص 9:16
image-aspect-16x9 = عريض 16:9
image-style = النمط
image-style-none = بلا نمط
image-style-photo = صورة فوتوغرافية
image-style-illustration = رسم توضيحي
image-style-3d = مجسّم ثلاثي الأبعاد
image-style-watercolor = ألوان مائية
image-style-poster = ملصق
image-generate = أنشئ
image-change = عدّل الصورة
image-generating = جارٍ الإنشاء…
image-open-editor = افتح المحرّر
image-download = نزّل
image-edit = حرّر
image-ai-edit = عدّل بالذكاء الاصطناعي
image-delete = احذف
image-delete-yes = احذف نهائيًا
image-keep = احتفظ بها
image-gallery-title = صوري
image-gallery-more = اعرض المزيد
image-editor-title = المحرّر
image-editor-close = أغلق المحرّر
image-editor-loading = جارٍ تحميل المحرّر…
image-editor-missing = المحرّر غير متوفّر في هذه النسخة.
image-editor-failed = تعذّر تشغيل المحرّر. أعد تحميل الصفحة وحاول مجددًا.
image-save-failed = تعذّر حفظ الصورة. حاول مجددًا.
image-font-plex = بلكس العربي
image-font-naskh = النسخ
image-font-serif = سيرِف (لاتيني)
image-cost = { $remaining ->
    [zero] لم يبقَ لديك أي صورة هذا الشهر
   *[other] تستهلك { $amount ->
        [one] صورة واحدة
        [two] صورتين
        [few] { $a } صور
        [many] { $a } صورة
       *[other] { $a } صورة
    } من { $remaining ->
        [one] صورة واحدة متبقية
        [two] صورتين متبقيتين
        [few] { $r } صور متبقية
        [many] { $r } صورة متبقية
       *[other] { $r } صورة متبقية
    } لديك
}
image-cost-over = { $remaining ->
    [zero] لم يبقَ لديك أي صورة هذا الشهر، فأضف صورًا لتتابع.
    [one] لم يبقَ لديك هذا الشهر سوى صورة واحدة، فاطلب عددًا أقل أو أضف صورًا.
    [two] لم يبقَ لديك هذا الشهر سوى صورتين، فاطلب عددًا أقل أو أضف صورًا.
    [few] لم يبقَ لديك هذا الشهر سوى { $r } صور، فاطلب عددًا أقل أو أضف صورًا.
    [many] لم يبقَ لديك هذا الشهر سوى { $r } صورة، فاطلب عددًا أقل أو أضف صورًا.
   *[other] لم يبقَ لديك هذا الشهر سوى { $r } صورة، فاطلب عددًا أقل أو أضف صورًا.
}
image-partial = { $made ->
    [zero] لم تُنشأ أي صورة
    [one] أُنشئت صورة واحدة
    [two] أُنشئت صورتان
    [few] أُنشئت { $m } صور
    [many] أُنشئت { $m } صورة
   *[other] أُنشئت { $m } صورة
} من أصل { $k } طلبتَها، ولم يُخصم إلا ما أُنشئ.
image-cut = انقطع الاتصال، لكن الصور ما زالت قيد الإنشاء وستظهر في «صوري».
image-why-safety = رفض النموذج إنشاء البقية وفق قواعد السلامة لديه.
image-why-timeout = استغرق النموذج وقتًا أطول من اللازم لإنشاء البقية.
image-why-failed = توقّف النموذج قبل إنشاء البقية.
image-prompt-empty = صف الصورة أولًا.
image-prompt-too-long = الوصف طويل جدًا (ألفا حرف على الأكثر).
image-aspect-invalid = اختر أبعادًا من الخيارات المعروضة.
image-count-invalid = اختر من صورة واحدة إلى أربع صور.
image-model-unknown = هذا النموذج غير متاح. اختر غيره.
image-no-edit-model = لا يوجد نموذج متاح يستطيع تعديل الصور.
image-error-safety = رفض النموذج هذا الطلب وفق قواعد السلامة لديه، ولم يُخصم شيء. أعد صياغته وحاول مجددًا.
image-error-rejected = تعذّر على النموذج تنفيذ هذا الطلب، ولم يُخصم شيء.
image-error-none = لم يُرجع النموذج أي صورة، ولم يُخصم شيء.
image-error-too-large = هذه الصورة أكبر من أن تُعدَّل.
image-error-unsupported = هذا الملف ليس صورة يمكننا فتحها.

## استوديو الفيديو
job-kind-video-generate = مقطع من وصف
job-kind-video-edit = تحرير مقطع
job-stage-video-starting = جارٍ الإرسال إلى النموذج
job-stage-video-rendering = جارٍ إنشاء المقطع
job-stage-video-saving = جارٍ حفظ المقطع
job-stage-video-preparing = جارٍ تجهيز مقطعك
video-generate-title = أنشئ مقطعًا من وصف نصي
video-prompt-label = صف المقطع
video-prompt-placeholder = لقطة جوية للبتراء عند الشروق، بحركة كاميرا بطيئة
video-length = المدة
video-seconds = { $count ->
    [zero] { $n } ثانية
    [one] ثانية واحدة
    [two] ثانيتان
    [few] { $n } ثوانٍ
    [many] { $n } ثانية
   *[other] { $n } ثانية
}
video-aspect = الأبعاد
video-aspect-16x9 = أفقي 16:9
video-aspect-9x16 = عمودي 9:16 (للقصص)
video-model = النموذج
video-generate = أنشئ المقطع
video-queueing = جارٍ الإرسال…
video-cost = { $remaining ->
    [zero] لم يبقَ لديك أي مقطع فيديو هذا الشهر
    [one] يستهلك آخر مقطع فيديو متبقٍّ لديك هذا الشهر
    [two] يستهلك مقطعًا واحدًا من مقطعين متبقيين لديك
    [few] يستهلك مقطعًا واحدًا من { $r } مقاطع متبقية لديك
    [many] يستهلك مقطعًا واحدًا من { $r } مقطعًا متبقيًا لديك
   *[other] يستهلك مقطعًا واحدًا من { $r } مقطع متبقٍّ لديك
}
video-edit-title = حرّر مقطعك
video-limits = تتيح لك باقتك قصّ مقاطع مدتها حتى { $count ->
    [one] ثانية واحدة
    [two] ثانيتين
    [few] { $n } ثوانٍ
    [many] { $n } ثانية
   *[other] { $n } ثانية
} من ملفات لا يتجاوز حجمها { $size }. التحرير مجاني.
video-upload = ارفع فيديو
video-upload-another = ارفع فيديو آخر
video-uploading = جارٍ الرفع
video-uploading-percent = جارٍ الرفع… { $n }٪
video-trim = القصّ
video-trim-start = البداية (بالثواني)
video-trim-end = النهاية (بالثواني)
video-set-here = استخدم اللحظة الحالية
video-cut-length = مدة المقطع بعد القصّ: { $clock }
video-captions = الترجمة النصية
video-caption-text = نص السطر
video-caption-placeholder = اكتب سطرًا بالعربية أو الإنجليزية
video-caption-start = من (بالثواني)
video-caption-end = إلى (بالثواني)
video-caption-add = أضف سطرًا
video-caption-remove = احذف
video-srt-import = استورد ملف SRT
video-srt-imported = { $count ->
    [zero] لم يُستورد أي سطر.
    [one] استُورد سطر واحد.
    [two] استُورد سطران.
    [few] استُورد { $n } أسطر.
    [many] استُورد { $n } سطرًا.
   *[other] استُورد { $n } سطر.
}
video-srt-bad = لا يحتوي هذا الملف على أسطر يمكن قراءتها. اختر ملف SRT.
video-caption-position = الموضع
video-position-bottom = أسفل
video-position-middle = وسط
video-position-top = أعلى
video-caption-size = الحجم
video-size-small = صغير
video-size-medium = متوسط
video-size-large = كبير
video-render = أنشئ المقطع المحرَّر
video-render-free = التحرير لا يُخصم من حصة الفيديو في باقتك.
video-clips-title = مقاطعك
video-download = نزّل
video-delete = احذف
video-delete-confirm = أتحذف هذا المقطع نهائيًا؟
video-delete-yes = احذف
video-delete-no = أبقِه
video-error-prompt-empty = صف المقطع أولًا.
video-error-prompt-long = الوصف طويل جدًا. اختصره ثم أعد المحاولة.
video-error-length = اختر مدة 4 أو 6 أو 8 ثوانٍ.
video-error-aspect = اختر مقطعًا أفقيًا أو عموديًا.
video-error-model = هذا النموذج غير متاح. اختر نموذجًا آخر.
video-error-safety = رفض النموذج هذا الطلب وفق قواعد السلامة لديه، ولم يُخصم شيء. أعد صياغته ثم حاول مجددًا.
video-error-busy = النموذج مشغول الآن، وقد أعدنا المحاولة عدة مرات. لم يُخصم شيء.
video-error-unavailable = خدمة الفيديو غير متاحة الآن، ولم يُخصم شيء. حاول بعد دقائق.
video-error-timeout = استغرق النموذج وقتًا أطول من اللازم لإنشاء المقطع، ولم يُخصم شيء.
video-error-provider = تعذّر على النموذج إنشاء هذا المقطع، ولم يُخصم شيء.
video-error-not-video = هذا الملف ليس فيديو يمكن تحريره. ارفع فيديو بصيغة MP4 أو WebM أو MOV.
video-error-too-large = حجم هذا الفيديو أكبر مما تتيحه باقتك للتحرير.
video-error-too-long = المقطع بعد القصّ أطول مما تتيحه باقتك. اختصره أو رقِّ باقتك.
video-error-trim = اختر بداية ونهاية داخل المقطع يفصل بينهما نصف ثانية على الأقل.
video-error-captions = عدد الأسطر كبير جدًا. اكتفِ بخمسين سطرًا أو أقل.
video-error-caption = يحتاج كل سطر إلى نص (حتى 200 حرف) ونهاية بعد بدايته.
video-error-unreadable = تعذّرت قراءة هذا الفيديو. صدّره مجددًا بصيغة MP4 ثم ارفعه.
video-error-source-gone = حُذف الفيديو الأصلي، فلا يمكن إجراء هذا التحرير.
video-error-deleted = حُذف هذا المقطع.
upload-error-network = انقطع الرفع. تحقّق من اتصالك ثم أعد المحاولة.
video-styles-locked = تغيير موضع الترجمة وحجمها متاح في باقة المبدع.

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

## لوحة الإدارة
admin-nav-dashboard = لوحة المعلومات
admin-nav-users = المستخدمون
admin-nav-subscriptions = الاشتراكات
admin-nav-payments = المدفوعات
admin-nav-jobs = المهام
admin-nav-moderation = الإشراف على المحتوى
admin-nav-audit = سجل التدقيق
admin-range-from = من
admin-range-to = إلى
admin-range-show = اعرض
admin-error-range = اختر تاريخ بداية وتاريخ نهاية (البداية أولًا، وبينهما 400 يوم على الأكثر).
admin-error-self = لا يمكنك فعل ذلك بحسابك أنت. اطلب ذلك من مشرف آخر.
admin-error-role = اختر دورًا: مستخدم أو مشرف.
admin-mrr = الإيراد الشهري المتكرر
admin-revenue = الإيراد
admin-cost = التكلفة التقديرية لدى المزوّدين
admin-paying = المشتركون الدافعون
admin-signups = التسجيلات الجديدة
admin-failed-jobs = المهام الفاشلة
admin-moderation = الإشراف (غير المراجَع / الكل)
admin-revenue-note = الإيراد هو ما دُفع في هذه الفترة ({ $paid }) مطروحًا منه المبالغ المستردة المسجلة فيها ({ $refunded }). الأيام بتوقيت عمّان.
admin-paying-by-plan = المشتركون الدافعون حسب الباقة
admin-col-plan = الباقة
admin-col-users = المستخدمون
admin-col-day = اليوم
admin-col-month = الشهر
admin-col-model = النموذج
admin-col-usage = الاستهلاك
admin-col-cost = التكلفة التقديرية
admin-col-period = الفترة
admin-chart-revenue = الإيراد اليومي
admin-chart-usage = التكلفة التقديرية لكل نموذج مقارنةً بالإيراد
admin-show-numbers = اعرض الأرقام
admin-by-month = الإيراد الشهري
admin-no-usage = لا استهلاك في هذه الفترة
admin-search = ابحث
admin-search-placeholder = ابحث بالبريد الإلكتروني
admin-none = لا شيء هنا.
admin-more = اعرض المزيد
admin-role-admin = مشرف
admin-suspended = موقوف
admin-back-users = كل المستخدمين
admin-joined = تاريخ الانضمام: { $date }
admin-no-plan = بلا باقة
admin-files = الملفات
admin-suspend = أوقف الحساب
admin-unsuspend = أعد تفعيل الحساب
admin-make-admin = امنح صلاحية الإشراف
admin-make-user = أزل صلاحية الإشراف
admin-grant-plan = امنح باقة لمدة شهر
admin-delete = احذف الحساب
admin-delete-confirm = أتحذف هذا الحساب نهائيًا مع كل ملفاته ومحادثاته وسجله؟ لا يمكن التراجع عن ذلك.
admin-delete-yes = نعم، احذفه
admin-delete-no = أبقِه
admin-only-current = الحالية فقط
admin-sub-trial = تجريبي
admin-sub-active = فعّال
admin-sub-cancel_at_period_end = ينتهي بنهاية الفترة
admin-sub-expired = منتهٍ
admin-jobs-failed = الفاشلة والمتوقفة
admin-jobs-active = المنتظرة والجارية
admin-only-unreviewed = غير المراجَعة فقط
admin-reviewed = رُوجع
admin-mark-reviewed = علّمه مراجَعًا
admin-audit-actor = المنفِّذ (البريد)
admin-audit-action = الإجراء
admin-audit-csv = نزّل ملف CSV
admin-error-listed = هذا العنوان مدرج في ADMIN_EMAILS، وهي قائمة تجعله مشرفًا. احذفه منها لإزالة صلاحية الإشراف.
admin-newest = الأحدث
admin-older = الأقدم
