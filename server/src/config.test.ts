import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_IP_LIMITS, loadConfig } from './config.ts';

const refusal = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted a bad value');
};

describe('configuration', () => {
  it('reads the per-IP limits from RATE_LIMIT_* and otherwise keeps defaults sized for a school behind one address', () => {
    expect(loadConfig({}).ipLimits).toEqual(DEFAULT_IP_LIMITS);
    // A computer class of 30 teachers searching as they type passes 120 searches a minute.
    expect(DEFAULT_IP_LIMITS.search).toBeGreaterThanOrEqual(30 * 20);
    expect(DEFAULT_IP_LIMITS.login).toBeGreaterThanOrEqual(30);
    expect(
      loadConfig({ RATE_LIMIT_OPERATIONS: '6000', RATE_LIMIT_SEARCHES: '2400', RATE_LIMIT_SIGN_INS: '100', RATE_LIMIT_LETTERS: '10' })
        .ipLimits,
    ).toEqual({ any: 6000, search: 2400, login: 100, mail: 10 });
  });

  it('stops the start with one line naming the variable when a limit is not a whole number of at least 1', () => {
    for (const [name, value] of [
      ['RATE_LIMIT_OPERATIONS', 'много'],
      ['RATE_LIMIT_SEARCHES', '0'],
      ['RATE_LIMIT_SIGN_INS', '2.5'],
      ['RATE_LIMIT_SEARCHES', '-10'],
    ]) {
      const message = refusal({ [name]: value });
      expect(message.startsWith(`${name}=${value}: `)).toBe(true);
      expect(message).toContain('в минуту');
      expect(message).not.toContain('\n');
    }
  });

  it('gives the embedded Meilisearch a 1 GiB indexing budget unless MEILI_INDEXING_MEMORY_MB says otherwise, and names a bad value', () => {
    expect(loadConfig({}).meiliIndexingMemoryMb).toBe(1024);
    expect(loadConfig({ MEILI_INDEXING_MEMORY_MB: '256' }).meiliIndexingMemoryMb).toBe(256);
    for (const value of ['много', '0', '-1', '0.5', '10']) {
      const message = refusal({ MEILI_INDEXING_MEMORY_MB: value });
      expect(message.startsWith(`MEILI_INDEXING_MEMORY_MB=${value}: `)).toBe(true);
      expect(message).not.toContain('\n');
    }
  });

  it('reads TRUST_PROXY as Express does and refuses values that would trust every client or that name no proxy', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 172.16.0.0/12, uniquelocal' }).trustProxy).toBe('10.0.0.5, 172.16.0.0/12, uniquelocal');
    for (const value of ['true', 'nginx', '10.0.0.300', '10.0.0.0/40']) {
      const message = refusal({ TRUST_PROXY: value });
      expect(message.startsWith(`TRUST_PROXY=${value}: `)).toBe(true);
      expect(message).not.toContain('\n');
    }
  });

  it('turns mail on with SMTP_URL only beside PUBLIC_URL, names the sender after the centre, and refuses what would send broken letters', () => {
    expect(loadConfig({}).mail).toBeUndefined();
    expect(loadConfig({}).centre).toEqual({
      name: 'Информационно-методический центр',
      headTitle: 'Руководитель',
      municipality: undefined,
      headName: undefined,
      email: undefined,
    });
    const env = {
      SMTP_URL: 'smtp://imc:secret@mail.example.ru:587',
      PUBLIC_URL: 'https://metod.example.ru/',
      CENTRE_NAME: 'ИМЦ «Северный»',
      CENTRE_MUNICIPALITY: 'Северо-Енисейский район',
      CENTRE_EMAIL: 'imc@example.ru',
    };
    expect(loadConfig(env).mail).toEqual({
      smtpUrl: env.SMTP_URL,
      publicUrl: 'https://metod.example.ru',
      from: '"ИМЦ «Северный»" <noreply@metod.example.ru>',
      digestSchedule: '0 7 * * 1',
    });
    expect(loadConfig({ ...env, DIGEST_SCHEDULE: '30 16 * * 5' }).mail!.digestSchedule).toBe('30 16 * * 5');
    expect(refusal({ ...env, DIGEST_SCHEDULE: 'по пятницам' })).toContain(
      'DIGEST_SCHEDULE=по пятницам: нужно расписание cron из пяти полей',
    );
    expect(loadConfig({ ...env, SMTP_FROM: 'ИМЦ <robot@example.ru>' }).mail!.from).toBe('ИМЦ <robot@example.ru>');
    expect(loadConfig(env).centre).toMatchObject({
      name: 'ИМЦ «Северный»',
      municipality: 'Северо-Енисейский район',
      email: 'imc@example.ru',
    });
    expect(refusal({ SMTP_URL: env.SMTP_URL })).toContain('SMTP_URL задан без PUBLIC_URL');
    expect(refusal({ ...env, SMTP_URL: 'http://mail.example.ru' })).toContain('SMTP_URL: ожидается схема smtp: или smtps:');
    expect(refusal({ ...env, PUBLIC_URL: 'metod.example.ru' })).toContain('PUBLIC_URL');
    expect(refusal({ ...env, SMTP_FROM: 'ИМЦ' })).toContain('SMTP_FROM=ИМЦ');
    expect(refusal({ CENTRE_EMAIL: 'не адрес' })).toContain('CENTRE_EMAIL=не адрес');
  });

  it('takes SURVEY_LINK_ANSWERS_PER_HOUR (60 by default) and refuses anything but a whole number from 1 to 100000, naming it', () => {
    expect(loadConfig({}).surveyLinkAnswersPerHour).toBe(60);
    expect(loadConfig({ SURVEY_LINK_ANSWERS_PER_HOUR: '300' }).surveyLinkAnswersPerHour).toBe(300);
    for (const bad of ['0', '-5', '2.5', 'много', '100001']) {
      expect(() => loadConfig({ SURVEY_LINK_ANSWERS_PER_HOUR: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ SURVEY_LINK_ANSWERS_PER_HOUR: bad })).toThrow(`SURVEY_LINK_ANSWERS_PER_HOUR=${bad}`);
    }
  });
});
