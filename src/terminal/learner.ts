/**
 * Who the learner is in the simulated world (README, "The world"): user `student` on client.example.net, with the mailbox
 * student@client.example.net where bounces land. The host itself, its mailbox and its queue are the world's.
 */
export const LEARNER = {
  user: 'student',
  host: 'client.example.net',
  /** The short host name the prompt shows. */
  shortHost: 'client',
  /** The learner's address as seen from other hosts (reverse DNS gives the name). */
  ip: '192.0.2.30',
  home: '/home/student',
  mailboxPath: '/var/mail/student',
} as const

export const LEARNER_ADDRESS = `${LEARNER.user}@${LEARNER.host}`
