import * as fs from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';

const ROOT = fs.existsSync(path.resolve(__dirname, '../appPackage'))
  ? path.resolve(__dirname, '..')
  : path.resolve(__dirname, '../..');
const APP_DIR = path.join(ROOT, 'appPackage');

/** Width, height and whether the PNG has an alpha channel, read from its IHDR chunk. */
export function readPngSize(png: Buffer): { width: number; height: number; hasAlpha: boolean } {
  if (png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR')
    throw new Error('Not a PNG file.');
  const colourType = png.readUInt8(25);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), hasAlpha: colourType === 4 || colourType === 6 };
}

/** Fills the manifest's ${{NAME}} placeholders from `values`; throws naming any placeholder left without a value. */
export function fillManifest(template: string, values: Record<string, string | undefined>): string {
  const missing = new Set<string>();
  const filled = template.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    const v = values[name];
    if (!v) missing.add(name);
    return v ?? '';
  });
  if (missing.size)
    throw new Error(
      `Cannot build the app package: set ${[...missing].join(', ')} (environment or env/.env.<environment>).`,
    );
  return filled;
}

/** Builds the sideloadable Teams app zip (manifest.json, color.png, outline.png). */
export async function buildAppPackage(values: Record<string, string | undefined>): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('manifest.json', fillManifest(fs.readFileSync(path.join(APP_DIR, 'manifest.json'), 'utf8'), values));
  zip.file('color.png', fs.readFileSync(path.join(APP_DIR, 'color.png')));
  zip.file('outline.png', fs.readFileSync(path.join(APP_DIR, 'outline.png')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function readEnvFile(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/);
    if (m) out[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
  return out;
}

async function main(): Promise<void> {
  const envName = process.argv[2] ?? process.env.TEAMSFX_ENV ?? 'local';
  const values = { ...readEnvFile(path.join(ROOT, `env/.env.${envName}`)), ...process.env } as Record<
    string,
    string | undefined
  >;
  const zip = await buildAppPackage(values);
  const outDir = path.join(APP_DIR, 'build');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `appPackage.${envName}.zip`);
  fs.writeFileSync(out, zip);
  process.stdout.write(
    `Wrote ${path.relative(ROOT, out)} (${zip.length} bytes). Upload it in Teams: Apps > Manage your apps > Upload an app.\n`,
  );
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
}
