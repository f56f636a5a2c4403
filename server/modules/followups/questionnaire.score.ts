/**
 * Questionnaire answers (R-SAT-1): checking them against the questions and scoring them out of 100.
 * A scale answer counts (value − min) / (max − min); a choice counts its option's score; text is not
 * scored. The total is the weighted mean of the scored questions (weight 1 unless given).
 */
import type { Answers, Question } from '../../../contracts/followups.js';

export interface AnswerIssue {
  key: string;
  message: string;
}

export function scaleOf(q: Question): { min: number; max: number } {
  return { min: q.min ?? 1, max: q.max ?? 5 };
}

/** Problems with a set of answers (empty = valid): unknown questions, missing required ones, values outside the scale or options. */
export function checkAnswers(questions: readonly Question[], answers: Answers): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(answers)) {
    if (!byKey.has(key)) issues.push({ key, message: 'no such question' });
  }
  for (const q of questions) {
    const value = answers[q.key];
    if (value === undefined || value === '') {
      if (q.required) issues.push({ key: q.key, message: 'an answer is required' });
      continue;
    }
    if (q.kind === 'scale') {
      const { min, max } = scaleOf(q);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        issues.push({ key: q.key, message: `a whole number from ${min} to ${max}` });
      }
    } else if (q.kind === 'choice') {
      if (typeof value !== 'string' || !(q.options ?? []).some((o) => o.value === value)) {
        issues.push({ key: q.key, message: `one of ${(q.options ?? []).map((o) => o.value).join(', ')}` });
      }
    } else if (typeof value !== 'string') {
      issues.push({ key: q.key, message: 'text' });
    }
  }
  return issues;
}

/** The score of one answer out of 100, or null when the question is not scored or not answered. */
export function questionScore(q: Question, value: Answers[string] | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (q.kind === 'scale' && typeof value === 'number') {
    const { min, max } = scaleOf(q);
    return max === min ? 100 : ((value - min) / (max - min)) * 100;
  }
  if (q.kind === 'choice' && typeof value === 'string') {
    const option = (q.options ?? []).find((o) => o.value === value);
    return option?.score ?? null;
  }
  return null;
}

/** The weighted score out of 100 (rounded), or null when nothing scored was answered. */
export function scoreAnswers(questions: readonly Question[], answers: Answers): number | null {
  let total = 0;
  let weights = 0;
  for (const q of questions) {
    const score = questionScore(q, answers[q.key]);
    if (score === null) continue;
    const weight = q.weight ?? 1;
    total += score * weight;
    weights += weight;
  }
  return weights === 0 ? null : Math.round(total / weights);
}
