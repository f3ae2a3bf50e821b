// zod's functional build, zod/mini, is configured here, once for every module that parses: a
// function imports it through commons/config.ts (every Lambda reads its config at cold start) and
// commons/http.ts, the web front end through commons/contracts.ts. zod/mini is the same parser as
// zod's method-chaining build (the same checks, the same messages) in less than half the code that
// every cold start reads and compiles (~99 KB of a function's init became 31–42 KB), and it builds
// schemas in half the time. It carries no messages of its own, so the English ones are set here.
//
// And zod compiles an object schema's parser with `new Function` on its first parse: faster from
// the hundredth parse on, slower for the first, which is the one a cold start waits for.
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config({ ...en(), jitless: true });
