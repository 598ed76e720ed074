// French (formal "vous"; a narrow no-break space before ? and !).
// Keys as in en.ts; `satisfies Messages` makes a missing or misspelt key a type error.
import type { Messages } from '../types';

export const fr = {
  question: 'Comment évaluez-vous votre expérience ?',
  npsQuestion: 'Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?',
  cesQuestion: 'A-t-il été facile d’obtenir ce dont vous aviez besoin aujourd’hui ?',
  veryDissatisfied: 'Très insatisfait',
  dissatisfied: 'Insatisfait',
  neutral: 'Neutre',
  satisfied: 'Satisfait',
  verySatisfied: 'Très satisfait',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Très probable',
  cesLow: 'Très difficile',
  cesHigh: 'Très facile',
  point: '{score} sur {max}',
  labelled: '{point}, {label}',
  hint: 'Choisissez avec les flèches, puis envoyez avec Entrée.',
  commentUnsatisfied: 'Qu’aurions-nous pu mieux faire ?',
  commentAlways: 'Souhaitez-vous ajouter quelque chose ?',
  charsLeft: 'one:{n} caractère restant|other:{n} caractères restants',
  send: 'Envoyer',
  skip: 'Passer',
  close: 'Fermer le questionnaire',
  thanks: 'Merci pour votre avis !',
  feedback: 'Votre avis',
  yourRating: 'Votre note : {point}',
  change: 'Modifier',
} satisfies Messages;
