// Arabic (written right to left). One message per line, in the order of the keys of `en` (en.ts): a list rather than an
// object keeps the key names out of the script-tag bundle. test/unit/i18n.test.ts checks the count
// and the placeholders of every line.
export const ar: readonly string[] = [
  'كيف تقيّم تجربتك؟', // question
  'ما مدى احتمال أن توصي بنا لصديق أو زميل؟', // npsQuestion
  'ما مدى سهولة الحصول على ما تحتاجه اليوم؟', // cesQuestion
  'غير راضٍ إطلاقًا', // veryDissatisfied
  'غير راضٍ', // dissatisfied
  'محايد', // neutral
  'راضٍ', // satisfied
  'راضٍ جدًا', // verySatisfied
  'غير محتمل إطلاقًا', // npsLow
  'محتمل جدًا', // npsHigh
  'صعب جدًا', // cesLow
  'سهل جدًا', // cesHigh
  '{score} من {max}', // point
  'ما الذي كان بإمكاننا فعله بشكل أفضل؟', // commentUnsatisfied
  'هل تود إضافة شيء؟', // commentAlways
  'zero:لم يتبقَّ أي حرف|one:تبقّى حرف واحد|two:تبقّى حرفان|few:تبقّت {n} أحرف|many:تبقّى {n} حرفًا|other:تبقّى {n} حرف', // charsLeft
  'إرسال', // send
  'تخطٍّ', // skip
  'إغلاق الاستبيان', // close
  'شكرًا لملاحظاتك!', // thanks
];
