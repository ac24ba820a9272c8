import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('takes SURVEY_LINK_ANSWERS_PER_HOUR (60 by default) and refuses anything but a whole number from 1 to 100000, naming it', () => {
    expect(loadConfig({}).surveyLinkAnswersPerHour).toBe(60);
    expect(loadConfig({ SURVEY_LINK_ANSWERS_PER_HOUR: '300' }).surveyLinkAnswersPerHour).toBe(300);
    for (const bad of ['0', '-5', '2.5', 'много', '100001']) {
      expect(() => loadConfig({ SURVEY_LINK_ANSWERS_PER_HOUR: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ SURVEY_LINK_ANSWERS_PER_HOUR: bad })).toThrow(`SURVEY_LINK_ANSWERS_PER_HOUR=${bad}`);
    }
  });
});
