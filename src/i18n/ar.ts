// Arabic, written right to left; lists are joined with the Arabic comma "،".
// Keys as in en.ts; `satisfies Messages` makes a missing or misspelt key a type error.
import type { Messages } from '../types';

export const ar = {
  question: 'كيف تقيّم تجربتك؟',
  npsQuestion: 'ما مدى احتمال أن توصي بنا لصديق أو زميل؟',
  cesQuestion: 'كم كان سهلًا عليك الحصول على ما احتجت إليه اليوم؟',
  veryDissatisfied: 'غير راضٍ إطلاقًا',
  dissatisfied: 'غير راضٍ',
  neutral: 'محايد',
  satisfied: 'راضٍ',
  verySatisfied: 'راضٍ جدًا',
  npsLow: 'غير محتمل إطلاقًا',
  npsHigh: 'محتمل جدًا',
  cesLow: 'صعب جدًا',
  cesHigh: 'سهل جدًا',
  point: '{score} من {max}',
  labelled: '{point}، {label}',
  hint: 'اختر بمفاتيح الأسهم، ثم اضغط Enter للإرسال.',
  commentUnsatisfied: 'ما الذي كان بإمكاننا فعله بشكل أفضل؟',
  commentAlways: 'هل تود إضافة شيء؟',
  charsLeft:
    'zero:لم يتبقَّ أي حرف|one:تبقّى حرف واحد|two:تبقّى حرفان|few:تبقّت {n} أحرف|many:تبقّى {n} حرفًا|other:تبقّى {n} حرف',
  send: 'إرسال',
  skip: 'تخطٍّ',
  close: 'إغلاق الاستبيان',
  thanks: 'شكرًا لملاحظاتك!',
  feedback: 'رأيك',
  yourRating: 'تقييمك: {point}',
  change: 'تغيير',
} satisfies Messages;
