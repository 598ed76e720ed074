// French. One message per line, in the order of the keys of `en` (en.ts): a list rather than an
// object keeps the key names out of the script-tag bundle. test/unit/i18n.test.ts checks the count
// and the placeholders of every line.
export const fr: readonly string[] = [
  'Comment évaluez-vous votre expérience ?', // question
  'Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?', // npsQuestion
  'Dans quelle mesure a-t-il été facile d’obtenir ce dont vous aviez besoin aujourd’hui ?', // cesQuestion
  'Très insatisfait', // veryDissatisfied
  'Insatisfait', // dissatisfied
  'Neutre', // neutral
  'Satisfait', // satisfied
  'Très satisfait', // verySatisfied
  'Pas du tout probable', // npsLow
  'Très probable', // npsHigh
  'Très difficile', // cesLow
  'Très facile', // cesHigh
  '{score} sur {max}', // point
  'Qu’aurions-nous pu mieux faire ?', // commentUnsatisfied
  'Souhaitez-vous ajouter quelque chose ?', // commentAlways
  'one:{n} caractère restant|other:{n} caractères restants', // charsLeft
  'Envoyer', // send
  'Passer', // skip
  'Fermer le questionnaire', // close
  'Merci pour votre avis !', // thanks
];
