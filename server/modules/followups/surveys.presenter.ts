import type { Question, Questionnaire } from '../../../contracts/followups.js';
import type { QuestionnaireRow } from './followups.repository.js';

export function presentQuestionnaire(row: QuestionnaireRow): Questionnaire {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    intro: row.intro,
    script: row.script,
    questions: JSON.parse(row.questions) as Question[],
    archived: row.archived === true || row.archived === 1,
    version: Number(row.version),
  };
}
