import { LocalDateResolver } from 'graphql-scalars';
import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { isEnumValue } from '../../common/enums.ts';

@InputType({ description: 'Период отчёта: дни района (часовой пояс DISTRICT_TIMEZONE), обе даты включительно' })
export class PeriodInput {
  @Field(() => LocalDateResolver, { description: 'Первый день, ГГГГ-ММ-ДД' })
  from!: string;

  @Field(() => LocalDateResolver, { description: 'Последний день, ГГГГ-ММ-ДД' })
  to!: string;
}

export enum ReportDimension {
  ORGANIZATION = 'ORGANIZATION',
  SUBJECT = 'SUBJECT',
  LEVEL = 'LEVEL',
  KIND = 'KIND',
}
registerEnumType(ReportDimension, { name: 'ReportDimension', description: 'Разрез отчёта о материалах' });

/** What reports are asked with. */
export interface ReportParams {
  period: PeriodInput;
  /** The materials report's dimension. */
  by: ReportDimension;
  /** The gaps report's threshold. */
  below: number;
}
export type ParamName = keyof ReportParams;

/** A download's parameter that cannot be read: the message says how to write it. */
export class ParamProblem extends Error {}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Each parameter once: its GraphQL argument, and how a download's query string gives it
 * (`?from=…&to=…`, `&by=SUBJECT`, `&below=3`). The services check the values themselves.
 */
export const PARAMETERS: {
  [K in ParamName]: {
    type: () => object;
    defaultValue?: ReportParams[K];
    fromQuery: (query: (name: string) => string | undefined) => ReportParams[K];
  };
} = {
  period: {
    type: () => PeriodInput,
    fromQuery: (query) => {
      const [from, to] = [query('from') ?? '', query('to') ?? ''];
      if (!DAY.test(from) || !DAY.test(to)) throw new ParamProblem('from и to: даты ГГГГ-ММ-ДД');
      return { from, to };
    },
  },
  by: {
    type: () => ReportDimension,
    fromQuery: (query) => {
      const by = query('by') ?? ReportDimension.ORGANIZATION;
      if (!isEnumValue(ReportDimension, by)) throw new ParamProblem(`by: одно из ${Object.keys(ReportDimension).join(', ')}`);
      return by as ReportDimension;
    },
  },
  below: { type: () => Int, defaultValue: 3, fromQuery: (query) => Number(query('below') ?? 3) },
};
