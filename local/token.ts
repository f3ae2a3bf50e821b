// `npm run -s local:token -- aro-001`: an ID token of a demo user from the running `npm start`, for
// calling the API by hand (ARO, URAO and OGL have no web pages: their work is admin API calls).
import { defaultPorts } from './runtime.js';
import { demoAroStaff, demoOfficeStaff, demoStudents } from './seed/people.js';
import { signInLocally } from './sign-in-client.js';

const userId = process.argv[2];
const known = [
  ...demoStudents.map((s) => s.studentId),
  ...demoAroStaff.map((s) => s.staffId),
  ...demoOfficeStaff.map((s) => s.staffId),
];
if (!userId || !known.includes(userId)) {
  console.error(`Usage: npm run -s local:token -- <user>\nDemo users: ${known.join(', ')}`);
  process.exit(2);
}
const webUrl = `http://localhost:${defaultPorts().web}`;
try {
  console.log(await signInLocally(webUrl, userId));
} catch (error) {
  console.error(
    `No token from ${webUrl}: is \`npm start\` running? (${error instanceof Error ? error.message : error})`,
  );
  process.exit(1);
}
