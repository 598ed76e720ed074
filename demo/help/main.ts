// A help article with an inline "Was this article helpful?": two faces, and a comment box after a
// "no". Rendered inside #helpful as soon as the page loads. `interaction` is the article, so a
// browser that has answered about it is not asked again (`oncePerInteraction`).
import { ask } from 'csat-widget';

const note = document.getElementById('helpful-note')!;
let shown = false;

const answer = await ask({
  survey: 'help-article',
  interaction: 'reset-password',
  question: 'Was this article helpful?',
  scale: { type: 'smileys', points: 2 },
  display: 'inline',
  container: '#helpful',
  endpoint: '/api/csat',
  onShow: () => (shown = true),
});

if (!answer && !shown) {
  note.textContent = 'You have already told us about this article in this browser. Thank you!';
  note.hidden = false;
}
