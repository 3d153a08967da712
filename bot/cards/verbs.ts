/**
 * The Action.Execute verbs of every card, in one place: the card builders put them on buttons and the
 * invoke handler dispatches on them. Each action's `data` carries `disclosureId` where it acts on one.
 */
export const VERBS = {
  openGiftForm: 'form.gift.open',
  openConflictForm: 'form.conflict.open',
  submitGift: 'form.gift.submit',
  submitConflict: 'form.conflict.submit',
  /** Refresh of the employee's own disclosure card (Universal Actions `refresh`). */
  refreshDisclosure: 'disclosure.refresh',
  withdraw: 'disclosure.withdraw',
  answerInfo: 'disclosure.answerInfo',
  recordResolution: 'disclosure.recordResolution',
  /** Refresh of the review card: the reviewer gets the buttons, anyone else a read-only view. */
  refreshReview: 'review.refresh',
  approve: 'review.approve',
  approveWithConditions: 'review.approveWithConditions',
  deny: 'review.deny',
  requestInfo: 'review.requestInfo',
  listMine: 'list.mine',
  listPending: 'list.pending',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

/** Ids of the inputs on the cards, shared by builders, validators and tests. */
export const INPUTS = {
  comment: 'comment',
  conditions: 'conditions',
  answer: 'answer',
  resolution: 'resolution',
} as const;
