/** The demo district: dictionaries, organizations and the names its teachers are drawn from. */
import { OrganizationType } from '../../modules/organizations/organization.entity.ts';

export const SUBJECTS = [
  'Русский язык', 'Литература', 'Математика', 'Информатика', 'История', 'Обществознание', 'География',
  'Биология', 'Химия', 'Физика', 'Английский язык', 'Окружающий мир', 'Технология', 'Изобразительное искусство',
  'Музыка', 'Физическая культура', 'Основы безопасности и защиты Родины', 'Дошкольное образование',
];

export const LEVELS = [
  { code: 'ДО', name: 'Дошкольное образование' },
  { code: 'НОО', name: 'Начальное общее образование' },
  { code: 'ООО', name: 'Основное общее образование' },
  { code: 'СОО', name: 'Среднее общее образование' },
  { code: 'ДОП', name: 'Дополнительное образование' },
];

/** Where a subject is taught: the pairs the bank's gaps report looks at. */
export function subjectLevels(subject: string): string[] {
  if (subject === 'Дошкольное образование') return ['ДО'];
  if (subject === 'Окружающий мир') return ['НОО'];
  if (['Химия', 'Физика', 'Обществознание', 'География', 'Биология', 'Информатика', 'История', 'Основы безопасности и защиты Родины'].includes(subject)) return ['ООО', 'СОО'];
  return ['НОО', 'ООО', 'СОО', 'ДОП'].filter((level) => level !== 'ДОП' || ['Технология', 'Изобразительное искусство', 'Музыка', 'Физическая культура', 'Информатика'].includes(subject));
}

export const MUNICIPALITY = 'Северо-Енисейский район';
export const SECOND_MUNICIPALITY = 'город Магадан';

export const ORGANIZATIONS = [
  { key: 'imc', name: 'Информационно-методический центр Управления образования администрации Северо-Енисейского района', shortName: 'ИМЦ Северо-Енисейского района', type: OrganizationType.METHODOLOGICAL_CENTRE, municipality: MUNICIPALITY, address: 'гп Северо-Енисейский, ул. Ленина, 48' },
  { key: 'sch1', name: 'МБОУ «Северо-Енисейская средняя школа № 1 имени Е. С. Полюдова»', shortName: 'СШ № 1', type: OrganizationType.SCHOOL, municipality: MUNICIPALITY, address: 'гп Северо-Енисейский, ул. Ленина, 21' },
  { key: 'sch2', name: 'МБОУ «Северо-Енисейская средняя школа № 2»', shortName: 'СШ № 2', type: OrganizationType.SCHOOL, municipality: MUNICIPALITY, address: 'гп Северо-Енисейский, ул. Донского, 18' },
  { key: 'sch3', name: 'МБОУ «Тейская средняя школа № 3»', shortName: 'Тейская СШ № 3', type: OrganizationType.SCHOOL, municipality: MUNICIPALITY, address: 'пгт Тея, ул. Октябрьская, 5' },
  { key: 'sch5', name: 'МБОУ «Брянковская средняя школа № 5»', shortName: 'Брянковская СШ № 5', type: OrganizationType.SCHOOL, municipality: MUNICIPALITY, address: 'п. Брянка, ул. Школьная, 1' },
  { key: 'sch6', name: 'МБОУ «Вельминская основная школа № 6»', shortName: 'Вельминская ОШ № 6', type: OrganizationType.SCHOOL, municipality: MUNICIPALITY, address: 'п. Вельмо, ул. Центральная, 3' },
  { key: 'dou', name: 'МБДОУ «Детский сад № 1 „Ромашка“»', shortName: 'Детский сад «Ромашка»', type: OrganizationType.KINDERGARTEN, municipality: MUNICIPALITY, address: 'гп Северо-Енисейский, ул. Советская, 7' },
  { key: 'dou2', name: 'МБДОУ «Детский сад № 4 „Солнышко“»', shortName: 'Детский сад «Солнышко»', type: OrganizationType.KINDERGARTEN, municipality: MUNICIPALITY, address: 'пгт Тея, ул. Мира, 2' },
  { key: 'udo', name: 'МБУ ДО «Районный центр детского творчества»', shortName: 'Центр детского творчества', type: OrganizationType.ADDITIONAL_EDUCATION, municipality: MUNICIPALITY, address: 'гп Северо-Енисейский, ул. Ленина, 30' },
  { key: 'mag', name: 'МАОУ «Средняя общеобразовательная школа № 1 г. Магадана»', shortName: 'СОШ № 1 г. Магадана', type: OrganizationType.SCHOOL, municipality: SECOND_MUNICIPALITY, address: 'г. Магадан, ул. Пролетарская, 8' },
  { key: 'imo', name: 'Информационно-методический отдел департамента образования мэрии города Магадана', shortName: 'ИМО г. Магадана', type: OrganizationType.METHODOLOGICAL_CENTRE, municipality: SECOND_MUNICIPALITY, address: 'г. Магадан, ул. Горького, 16' },
] as const;

export type OrganizationKey = (typeof ORGANIZATIONS)[number]['key'];

export const SURNAMES_F = ['Иванова', 'Смирнова', 'Кузнецова', 'Попова', 'Васильева', 'Петрова', 'Соколова', 'Михайлова', 'Новикова', 'Фёдорова', 'Морозова', 'Волкова', 'Алексеева', 'Лебедева', 'Семёнова', 'Егорова', 'Павлова', 'Козлова', 'Степанова', 'Николаева', 'Орлова', 'Андреева', 'Макарова', 'Никитина', 'Захарова', 'Зайцева', 'Соловьёва', 'Борисова'];
export const SURNAMES_M = ['Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев', 'Кудрявцев', 'Тарасов', 'Белов', 'Комаров', 'Киселёв', 'Медведев', 'Ершов'];
export const NAMES_F = ['Мария', 'Елена', 'Ольга', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Анна', 'Екатерина', 'Юлия', 'Людмила', 'Галина', 'Надежда', 'Валентина', 'Анастасия', 'Дарья'];
export const NAMES_M = ['Андрей', 'Сергей', 'Алексей', 'Дмитрий', 'Николай', 'Владимир', 'Евгений', 'Павел'];
export const PATRONYMICS_F = ['Петровна', 'Ивановна', 'Сергеевна', 'Александровна', 'Викторовна', 'Николаевна', 'Владимировна', 'Михайловна', 'Юрьевна', 'Анатольевна', 'Геннадьевна'];
export const PATRONYMICS_M = ['Петрович', 'Иванович', 'Сергеевич', 'Александрович', 'Викторович', 'Николаевич', 'Владимирович'];

/** Who teaches what: the subject a teacher is hired for decides their position title. */
export const POSITIONS: Record<string, string> = {
  'Русский язык': 'учитель русского языка и литературы',
  'Литература': 'учитель русского языка и литературы',
  'Математика': 'учитель математики',
  'Информатика': 'учитель информатики',
  'История': 'учитель истории и обществознания',
  'Обществознание': 'учитель истории и обществознания',
  'География': 'учитель географии',
  'Биология': 'учитель биологии',
  'Химия': 'учитель химии',
  'Физика': 'учитель физики',
  'Английский язык': 'учитель английского языка',
  'Окружающий мир': 'учитель начальных классов',
  'Технология': 'учитель технологии',
  'Изобразительное искусство': 'учитель изобразительного искусства',
  'Музыка': 'учитель музыки',
  'Физическая культура': 'учитель физической культуры',
  'Основы безопасности и защиты Родины': 'преподаватель-организатор ОБЗР',
  'Дошкольное образование': 'воспитатель',
};
