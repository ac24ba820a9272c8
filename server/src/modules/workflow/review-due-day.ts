import { badInput } from '../../common/errors.ts';
import { districtDay } from '../usage/usage-recorder.ts';

/** Days an expert is given for a conclusion when the methodist names no due day. */
export const REVIEW_DUE_DAYS = 14;
/** The furthest due day a methodist may set, in days from today. */
export const REVIEW_DUE_MAX_DAYS = 365;

/** `day` (`YYYY-MM-DD`) moved by `days`. */
export const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The due days of review assignments, in the district's calendar on the server's clock. */
export class ReviewDueDays {
  constructor(
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  today(): string {
    return districtDay(this.now(), this.timeZone);
  }

  /** The due day of an assignment made today without a day named. */
  byDefault(): string {
    return addDays(this.today(), REVIEW_DUE_DAYS);
  }

  /** The due day a methodist gives, or the default; a day already past or more than a year ahead is refused. */
  checked(day: string | null | undefined): string {
    const today = this.today();
    if (!day) return this.byDefault();
    if (day < today) throw badInput('dueOn', `срок экспертизы ${day} уже прошёл: выберите сегодняшний или более поздний день`);
    if (day > addDays(today, REVIEW_DUE_MAX_DAYS))
      throw badInput('dueOn', `срок экспертизы — не дальше чем через ${REVIEW_DUE_MAX_DAYS} дней`);
    return day;
  }
}
