/**
 * The bare component (bench/bare-component.ts) as a process of its own, so that, like the workers
 * it is compared with, it does not share the clients' process and core:
 * `tsx bench/bare-component-process.ts <service> <jid> <secret> <command payload>`; prints `ready`.
 */
import { startBareComponent } from './bare-component';

const [service, jid, secret, commandPayload] = process.argv.slice(2) as [string, string, string, string];
await startBareComponent({ service, jid, secret }, '<vCard xmlns="vcard-temp"/>', commandPayload);
process.stdout.write('ready\n');
