/** A plausible e-mail address: something@domain.tld, no spaces (the mail server is the final judge). */
export const isEmailAddress = (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
