import { texts } from '../i18n.ts';

/** Texts of signing in and setting a new password (the sign-in and password pages): loaded with those pages, never with a reader's first page. */
const ru = {
  howToGet: (email: string | null | undefined) =>
    email
      ? `Учётную запись выдаёт ИМЦ: напишите на ${email}, укажите имя, организацию и должность.`
      : 'Учётную запись выдаёт администратор ИМЦ: обратитесь в методический центр.',
  forgot: 'Забыли пароль?',
  requestTitle: 'Ссылка для смены пароля',
  requestIntro: 'Укажите адрес, с которым входите: на него придёт письмо с одноразовой ссылкой, она действует час.',
  requestSend: 'Прислать ссылку',
  requested: (email: string) =>
    `Если учётная запись с адресом ${email} есть, письмо со ссылкой уже в пути. Проверьте почту, в том числе «Спам».`,
  askAdmin: (email: string | null | undefined) =>
    `Пароль меняют по одноразовой ссылке: её выдаёт администратор ИМЦ${email ? ` (${email})` : ''}.`,
  setTitle: 'Задать пароль',
  setIntro: 'Придумайте пароль для входа: не короче 10 символов. Ссылка действует один раз.',
  newPassword: 'Новый пароль',
  repeatPassword: 'Пароль ещё раз',
  mismatch: 'Пароли не совпадают',
  save: 'Сохранить пароль и войти',
  noToken: 'В адресе нет ключа ссылки. Откройте ссылку из письма целиком или попросите администратора выдать новую.',
};

export const access = texts(ru, {
  howToGet: (email) =>
    email
      ? `Accounts are issued by the centre: write to ${email} with your name, school and position.`
      : 'Accounts are issued by the centre’s administrator.',
  forgot: 'Forgot your password?',
  requestTitle: 'Password reset link',
  requestIntro: 'Enter the address you sign in with: a one-time link valid for an hour will be mailed to it.',
  requestSend: 'Send the link',
  requested: (email) => `If an account with ${email} exists, the letter is on its way. Check your mail, spam included.`,
  askAdmin: (email) => `Passwords are changed by a one-time link the centre’s administrator issues${email ? ` (${email})` : ''}.`,
  setTitle: 'Set a password',
  setIntro: 'Choose a password of at least 10 characters. The link works once.',
  newPassword: 'New password',
  repeatPassword: 'Repeat the password',
  mismatch: 'The passwords differ',
  save: 'Save the password and sign in',
  noToken: 'The address has no link key. Open the whole link from the letter or ask the administrator for a new one.',
});
