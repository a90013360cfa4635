/**
 * The reviewer's own profile: who signs determinations, and the number a treating
 * provider calls for a peer-to-peer conversation. Letters print it as entered.
 */
import { z } from 'zod';
import { isValidNpi } from '../intake/validate-new-case';

export const ReviewerProfile = z.looseObject({
  name: z.string().trim().min(1, 'enter the name that signs determinations'),
  /** As printed after the name, e.g. "MD, FAAPMR". */
  credentials: z.string().trim().min(1, 'enter your credentials, e.g. MD, FAAPMR'),
  title: z.string().trim().default('Medical Director'),
  /**
   * The reviewing doctor's specialty, e.g. "Physical Medicine and Rehabilitation": letters state it.
   * Optional so profiles saved before it was asked still load; signing asks for it.
   */
  specialty: z.string().trim().max(120).optional(),
  /** The direct line a treating provider calls to discuss a decision with the reviewer. */
  peerToPeerPhone: z
    .string()
    .trim()
    .regex(/^[0-9+()\-.\s]{7,25}(\s*(ext\.?|x)\s*\d{1,6})?$/i, 'a phone number, e.g. 1-800-555-0142 ext. 2210'),
  /** The reviewer's NPI, sent in PAS responses (claimResponseReviewer.reviewerNPI); empty when not given. */
  npi: z
    .string()
    .trim()
    .refine((v) => v === '' || isValidNpi(v), 'an NPI is 10 digits with a valid check digit')
    .optional(),
});
export type ReviewerProfile = z.infer<typeof ReviewerProfile>;
