// German. One message per line, in the order of the keys of `en` (en.ts): a list rather than an
// object keeps the key names out of the script-tag bundle. test/unit/i18n.test.ts checks the count
// and the placeholders of every line.
export const de: readonly string[] = [
  'Wie bewerten Sie Ihre Erfahrung?', // question
  'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?', // npsQuestion
  'Wie einfach war es heute, das zu erledigen, was Sie brauchten?', // cesQuestion
  'Sehr unzufrieden', // veryDissatisfied
  'Unzufrieden', // dissatisfied
  'Neutral', // neutral
  'Zufrieden', // satisfied
  'Sehr zufrieden', // verySatisfied
  'Äußerst unwahrscheinlich', // npsLow
  'Äußerst wahrscheinlich', // npsHigh
  'Sehr schwierig', // cesLow
  'Sehr einfach', // cesHigh
  '{score} von {max}', // point
  'Was hätten wir besser machen können?', // commentUnsatisfied
  'Möchten Sie noch etwas hinzufügen?', // commentAlways
  'Noch {n} Zeichen', // charsLeft
  'Senden', // send
  'Überspringen', // skip
  'Feedback schließen', // close
  'Vielen Dank für Ihr Feedback!', // thanks
];
