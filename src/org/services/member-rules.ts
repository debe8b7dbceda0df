import { plusYears } from '../../calendar';
import type { ErrorCode } from '../../graphql/errors';
import { isCalendarDate, type LocalDate } from '../../graphql/scalars';
import { Education, Gender, MemberCategory, MemberStatus } from '../enums';
import { normaliseIdCard, parseIdCard } from '../id-card';
import { PHONE } from '../personal-data';

export interface NewMember {
  name: string;
  gender?: Gender | null;
  ethnicity?: string | null;
  birthDate?: LocalDate | null;
  idCardNumber?: string | null;
  phone?: string | null;
  education?: Education | null;
  category: MemberCategory;
  joinedOn: LocalDate;
  fullMemberSince?: LocalDate | null;
  occupation?: string | null;
  volunteer?: boolean | null;
}

export interface Problem {
  field: string;
  message: string;
  /** BAD_USER_INPUT unless said otherwise. */
  code?: ErrorCode;
}

/** The member row's own facts, checked and completed without the database (shared by forms and CSV import). */
export interface MemberFacts {
  name: string;
  gender: Gender;
  ethnicity: string;
  birthDate: LocalDate;
  idCardNumber: string | null;
  phone: string | null;
  education: Education | null;
  category: MemberCategory;
  joinedOn: LocalDate;
  fullMemberSince: LocalDate | null;
  status: MemberStatus;
  occupation: string | null;
  volunteer: boolean;
}

/** Minimum age to join the party (party constitution). */
const MIN_JOINING_AGE = 18;

export function checkNewMember(input: NewMember, today: LocalDate): { facts?: MemberFacts; problems: Problem[] } {
  const problems: Problem[] = [];
  const name = input.name?.trim() ?? '';
  if (name.length < 1 || name.length > 100) problems.push({ field: 'name', message: 'name must be 1–100 characters' });

  let birthDate = input.birthDate ?? null;
  let gender = input.gender ?? null;
  let idCardNumber: string | null = null;
  if (input.idCardNumber) {
    idCardNumber = normaliseIdCard(input.idCardNumber);
    const parsed = parseIdCard(idCardNumber);
    if ('problem' in parsed) problems.push({ field: 'idCardNumber', message: parsed.problem });
    else {
      if (birthDate && birthDate !== parsed.birthDate)
        problems.push({
          field: 'birthDate',
          message: `birthDate ${birthDate} disagrees with the ID card number (${parsed.birthDate})`,
        });
      if (gender && gender !== parsed.gender)
        problems.push({ field: 'gender', message: `gender disagrees with the ID card number (${parsed.gender})` });
      birthDate = parsed.birthDate;
      gender = parsed.gender;
    }
  }
  // With an invalid ID number, its own error is enough: no follow-on errors for what it would have given.
  if (!birthDate && !idCardNumber)
    problems.push({ field: 'birthDate', message: 'birthDate is required when no ID card number is given' });
  else if (birthDate && (!isCalendarDate(birthDate) || birthDate > today))
    problems.push({ field: 'birthDate', message: 'birthDate must be a past calendar date' });
  if (!gender && !idCardNumber)
    problems.push({ field: 'gender', message: 'gender is required when no ID card number is given' });

  const phone = input.phone?.trim() || null;
  if (phone && !PHONE.test(phone))
    problems.push({
      field: 'phone',
      message: 'phone must be a mainland mobile (11 digits) or a landline with area code',
    });

  if (!input.joinedOn || !isCalendarDate(input.joinedOn))
    problems.push({ field: 'joinedOn', message: 'joinedOn must be a calendar date' });
  else {
    if (input.joinedOn > today) problems.push({ field: 'joinedOn', message: 'joinedOn cannot be in the future' });
    if (birthDate && isCalendarDate(birthDate) && input.joinedOn < plusYears(birthDate, MIN_JOINING_AGE)) {
      problems.push({
        field: 'joinedOn',
        message: `a member joins at ${MIN_JOINING_AGE} or older; joinedOn ${input.joinedOn} is before that`,
      });
    }
  }
  const fullMemberSince = input.fullMemberSince ?? null;
  if (fullMemberSince) {
    if (!isCalendarDate(fullMemberSince) || fullMemberSince > today)
      problems.push({ field: 'fullMemberSince', message: 'fullMemberSince must be a past calendar date' });
    else if (input.joinedOn && fullMemberSince < input.joinedOn)
      problems.push({ field: 'fullMemberSince', message: 'fullMemberSince cannot precede joinedOn' });
  }
  if (!Object.values(MemberCategory).includes(input.category))
    problems.push({ field: 'category', message: 'unknown category' });
  if (input.education && !Object.values(Education).includes(input.education))
    problems.push({ field: 'education', message: 'unknown education' });

  if (problems.length > 0) return { problems };
  return {
    problems,
    facts: {
      name,
      gender: gender!,
      ethnicity: input.ethnicity?.trim() || '汉族',
      birthDate: birthDate!,
      idCardNumber,
      phone,
      education: input.education ?? null,
      category: input.category,
      joinedOn: input.joinedOn,
      fullMemberSince,
      status: fullMemberSince ? MemberStatus.FULL : MemberStatus.PROBATIONARY,
      occupation: input.occupation?.trim() || null,
      volunteer: input.volunteer ?? false,
    },
  };
}
