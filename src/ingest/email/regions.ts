/**
 * Region codes with the names the AWS console uses in English and Japanese, as notices write
 * them ("Asia Pacific (Tokyo)", 「アジアパシフィック (東京)」, older "EU (Ireland)").
 */
const REGIONS: ReadonlyArray<readonly [code: string, en: readonly string[], ja: readonly string[]]> = [
  ['us-east-1', ['US East (N. Virginia)', 'US East (Northern Virginia)'], ['米国東部 (バージニア北部)']],
  ['us-east-2', ['US East (Ohio)'], ['米国東部 (オハイオ)']],
  [
    'us-west-1',
    ['US West (N. California)', 'US West (Northern California)'],
    ['米国西部 (北カリフォルニア)'],
  ],
  ['us-west-2', ['US West (Oregon)'], ['米国西部 (オレゴン)']],
  ['af-south-1', ['Africa (Cape Town)'], ['アフリカ (ケープタウン)']],
  ['ap-east-1', ['Asia Pacific (Hong Kong)'], ['アジアパシフィック (香港)']],
  ['ap-east-2', ['Asia Pacific (Taipei)'], ['アジアパシフィック (台北)']],
  ['ap-south-1', ['Asia Pacific (Mumbai)'], ['アジアパシフィック (ムンバイ)']],
  ['ap-south-2', ['Asia Pacific (Hyderabad)'], ['アジアパシフィック (ハイデラバード)']],
  ['ap-southeast-1', ['Asia Pacific (Singapore)'], ['アジアパシフィック (シンガポール)']],
  ['ap-southeast-2', ['Asia Pacific (Sydney)'], ['アジアパシフィック (シドニー)']],
  ['ap-southeast-3', ['Asia Pacific (Jakarta)'], ['アジアパシフィック (ジャカルタ)']],
  ['ap-southeast-4', ['Asia Pacific (Melbourne)'], ['アジアパシフィック (メルボルン)']],
  ['ap-southeast-5', ['Asia Pacific (Malaysia)'], ['アジアパシフィック (マレーシア)']],
  ['ap-southeast-6', ['Asia Pacific (New Zealand)'], ['アジアパシフィック (ニュージーランド)']],
  ['ap-southeast-7', ['Asia Pacific (Thailand)'], ['アジアパシフィック (タイ)']],
  ['ap-northeast-1', ['Asia Pacific (Tokyo)'], ['アジアパシフィック (東京)']],
  ['ap-northeast-2', ['Asia Pacific (Seoul)'], ['アジアパシフィック (ソウル)']],
  ['ap-northeast-3', ['Asia Pacific (Osaka)', 'Asia Pacific (Osaka-Local)'], ['アジアパシフィック (大阪)']],
  ['ca-central-1', ['Canada (Central)'], ['カナダ (中部)']],
  ['ca-west-1', ['Canada West (Calgary)'], ['カナダ西部 (カルガリー)']],
  ['eu-central-1', ['Europe (Frankfurt)', 'EU (Frankfurt)'], ['欧州 (フランクフルト)']],
  ['eu-central-2', ['Europe (Zurich)'], ['欧州 (チューリッヒ)']],
  ['eu-west-1', ['Europe (Ireland)', 'EU (Ireland)'], ['欧州 (アイルランド)']],
  ['eu-west-2', ['Europe (London)', 'EU (London)'], ['欧州 (ロンドン)']],
  ['eu-west-3', ['Europe (Paris)', 'EU (Paris)'], ['欧州 (パリ)']],
  ['eu-north-1', ['Europe (Stockholm)', 'EU (Stockholm)'], ['欧州 (ストックホルム)']],
  ['eu-south-1', ['Europe (Milan)'], ['欧州 (ミラノ)']],
  ['eu-south-2', ['Europe (Spain)'], ['欧州 (スペイン)']],
  ['il-central-1', ['Israel (Tel Aviv)'], ['イスラエル (テルアビブ)']],
  ['me-central-1', ['Middle East (UAE)'], ['中東 (アラブ首長国連邦)']],
  ['me-south-1', ['Middle East (Bahrain)'], ['中東 (バーレーン)']],
  ['mx-central-1', ['Mexico (Central)'], ['メキシコ (中部)']],
  ['sa-east-1', ['South America (Sao Paulo)', 'South America (São Paulo)'], ['南米 (サンパウロ)']],
];

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Parentheses may be ASCII or full-width and spacing varies between mail systems. */
const flexible = (name: string): string =>
  escapeRegex(name).replace(/\\\(/g, '[(（]').replace(/\\\)/g, '[)）]').replace(/ /g, '\\s*');

const NAME_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = REGIONS.flatMap(([code, en, ja]) =>
  [...en, ...ja].map((name) => [new RegExp(flexible(name), 'iu'), code] as const),
);

export const REGION_CODE =
  /\b(?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d(?!\d)/g;

export const KNOWN_REGIONS: ReadonlySet<string> = new Set(REGIONS.map(([code]) => code));

/** Region names in the text with their positions. */
export function findRegionNames(text: string): Array<{ code: string; index: number }> {
  const found: Array<{ code: string; index: number }> = [];
  for (const [regex, code] of NAME_PATTERNS) {
    const m = regex.exec(text);
    if (m) found.push({ code, index: m.index });
  }
  return found.sort((a, b) => a.index - b.index);
}
