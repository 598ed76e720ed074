// Spanish: neutral international Spanish (formal "usted"; "calificar", "agregar", no regionalisms such as
// "qué tan" or "pulse Intro").
// Keys as in en.ts; `satisfies Messages` makes a missing or misspelt key a type error.
import type { Messages } from '../types';

export const es = {
  question: '¿Cómo calificaría su experiencia?',
  npsQuestion: '¿Qué probabilidad hay de que nos recomiende a un amigo o colega?',
  cesQuestion: '¿Fue fácil conseguir hoy lo que necesitaba?',
  veryDissatisfied: 'Muy insatisfecho',
  dissatisfied: 'Insatisfecho',
  neutral: 'Neutral',
  satisfied: 'Satisfecho',
  verySatisfied: 'Muy satisfecho',
  npsLow: 'Nada probable',
  npsHigh: 'Muy probable',
  cesLow: 'Muy difícil',
  cesHigh: 'Muy fácil',
  point: '{score} de {max}',
  labelled: '{point}, {label}',
  hint: 'Elija con las flechas y envíe con Enter.',
  commentUnsatisfied: '¿Qué podríamos haber hecho mejor?',
  commentAlways: '¿Desea agregar algo más?',
  charsLeft: 'one:Queda {n} carácter|other:Quedan {n} caracteres',
  send: 'Enviar',
  skip: 'Omitir',
  close: 'Cerrar la encuesta',
  thanks: '¡Gracias por su opinión!',
  feedback: 'Su opinión',
  yourRating: 'Su calificación: {point}',
  change: 'Cambiar',
} satisfies Messages;
