import { DEMO_PASSWORDS, DEMO_USERS } from './demo-data';

export interface BannerInput {
  demo: boolean;
  consoleUrl: string;
  ingestUrl: string;
  dispatcherUrl: string;
  services: string[];
}

function usernames(role: string, prefix?: string): string {
  return DEMO_USERS.filter((u) => u.role === role && (!prefix || u.username.startsWith(prefix)))
    .map((u) => u.username)
    .join(', ');
}

/** What a newcomer needs after `npm start`: where to click, how to log in, how to press a key. */
export function banner(input: BannerInput): string {
  const lines = [
    '',
    '═══════════════════════════════════════════════════════════════════════',
    `  HeartKey is running${input.demo ? ' (demo mode)' : ''}`,
    '',
    `  Operator console   ${input.consoleUrl}`,
    `  API docs           ${input.consoleUrl}/docs   (console, admin)`,
    `                     ${input.ingestUrl}/docs   (handsets)`,
    `  Health / metrics   ${input.dispatcherUrl}/health/ready   …/metrics on every process`,
    ...input.services.map((s, i) => `${i === 0 ? '  Using             ' : '                    '} ${s}`),
  ];
  if (input.demo) {
    lines.push(
      '',
      '  Demo logins (username / password)',
      `    admin                  ${DEMO_PASSWORDS.admin}`,
      `    supervisor             ${DEMO_PASSWORDS.supervisor}`,
      `    ${usernames('operator').padEnd(22)} ${DEMO_PASSWORDS.operator}`,
      `    carer1 … carer4        ${DEMO_PASSWORDS.responder}   (responder view; also ${usernames('responder', 'cadre')}, ${usernames('responder', 'doctor')})`,
      '',
      '  Press a demo handset key (resident 1 of 12):',
      '    npm run simulate -- --resident 1',
      '    npm run simulate -- --resident 8 --type fall',
      '    npm run simulate -- --count 200 --rate 50      (load, spread over all residents)',
    );
  }
  lines.push('', '  Ctrl-C stops everything.', '═══════════════════════════════════════════════════════════════════════', '');
  return lines.join('\n');
}
