# Pulse AI Studio — Arabic: the pages' messages. A page fetches these only when it opens one of
# the pages whose code is fetched when opened (everything but chat): see "i18n" in docs/ARCHITECTURE.md.

price-per-month = / شهريًا

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

## Sign-in
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

## Usage
cost-preview = { $kind ->
    [images] يستهلك { $amount } من رصيدك المتبقي من الصور: { $remaining }
    [videos] يستهلك { $amount } من رصيدك المتبقي من مقاطع الفيديو: { $remaining }
   *[tokens] يستهلك حتى { $amount } من رصيدك المتبقي من الرموز: { $remaining }
}

## الملفات
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

## الفوترة
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

## Sign-in confirmation (the email's link)
verify-title = أكّد تسجيل الدخول
verify-as = ستسجّل الدخول بالحساب:
verify-other-browser = طُلب هذا الرابط من متصفح أو جهاز آخر. تابع فقط إن كنت أنت من طلبه.
verify-confirm = سجّل الدخول الآن
verify-not-you = إن لم تطلب هذا الرابط فأغلق الصفحة، ولن يتغير شيء.
verify-problem-title = تعذّر استخدام الرابط
verify-new-link = أرسل رابطًا جديدًا

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
cv-too-many = لديك 50 سيرة، وهو الحد الأقصى. احذف واحدة لتنشئ أخرى.

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
video-styles-locked = تغيير موضع الترجمة وحجمها متاح في باقة المبدع.

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
