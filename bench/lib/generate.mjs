// Deterministic data sets, generated with set-based SQL (insert ... select ... from generate_series) in one
// transaction. Every pseudo-random choice is a hash of (salt, row number), so a size always holds the same rows.

export const SIZES = {
  S: 20_000,
  M: 200_000,
  L: 1_000_000,
  XL: 2_000_000,
};

/** Row counts for a size, in the proportions of issue 7 (per 200k statements: 2,000 speakers, 20,000 sources...). */
export function plan(size) {
  const statements = SIZES[size];
  if (!statements) throw new Error(`unknown size ${size}: use S, M, L or XL`);
  return {
    size,
    statements,
    speakers: Math.max(200, statements / 100),
    sources: statements / 10,
    claims: statements / 4,
    // skew: 4 speakers share 8% of all statements, 5 claims share 5% of all first positions
    hotSpeakers: 4,
    hotSpeakerPercent: 8,
    hotClaims: 5,
    hotClaimPercent: 5,
  };
}

const MARKER = 'bench_dataset';

/** The size's row counts when this database already holds that data set, else undefined. */
export async function existingDataset(client, size) {
  const { rows } = await client.query(`select to_regclass('${MARKER}') as t`);
  if (!rows[0].t) return undefined;
  const found = await client.query(`select * from ${MARKER} where size = $1`, [size]);
  return found.rows[0];
}

export const WORDS = [
  'ceasefire',
  'sanctions',
  'negotiations',
  'prisoners',
  'exchange',
  'border',
  'security',
  'guarantees',
  'energy',
  'grain',
  'corridor',
  'memorandum',
  'delegation',
  'territory',
  'referendum',
  'troops',
  'withdrawal',
  'aid',
  'reconstruction',
  'elections',
  'inflation',
  'budget',
  'pension',
  'reform',
  'tariffs',
  'exports',
  'climate',
  'emissions',
  'vaccine',
  'hospital',
  'schools',
  'housing',
  'police',
  'courts',
  'corruption',
  'media',
  'summit',
  'treaty',
  'alliance',
  'drones',
];
const FIRST = [
  'Anna',
  'Boris',
  'Carla',
  'Dmytro',
  'Elif',
  'Farid',
  'Greta',
  'Hakan',
  'Irina',
  'Jonas',
  'Katarzyna',
  'Luis',
  'Maria',
  'Nikos',
  'Olga',
  'Pavel',
  'Rana',
  'Sergei',
  'Tamar',
  'Umar',
];
const LAST = [
  'Petrenko',
  'Yilmaz',
  'Novak',
  'Schmidt',
  'Rossi',
  'Kovacs',
  'Dubois',
  'Ivanova',
  'Larsen',
  'Moreau',
  'Horvat',
  'Silva',
  'Weber',
  'Popescu',
  'Nowak',
  'Demir',
  'Berg',
  'Costa',
  'Fischer',
  'Jansen',
  'Melnyk',
  'Sahin',
  'Varga',
  'Lopez',
  'Meyer',
  'Koch',
  'Vogel',
  'Kaya',
  'Bauer',
  'Marin',
];
// The same names in Cyrillic, as a Russian or Ukrainian outlet writes them: every person has one as an alias.
const FIRST_CYRILLIC = [
  'Анна',
  'Борис',
  'Карла',
  'Дмитро',
  'Элиф',
  'Фарид',
  'Грета',
  'Хакан',
  'Ирина',
  'Йонас',
  'Катажина',
  'Луис',
  'Мария',
  'Никос',
  'Ольга',
  'Павел',
  'Рана',
  'Сергей',
  'Тамар',
  'Умар',
];
const LAST_CYRILLIC = [
  'Петренко',
  'Йылмаз',
  'Новак',
  'Шмидт',
  'Росси',
  'Ковач',
  'Дюбуа',
  'Иванова',
  'Ларсен',
  'Моро',
  'Хорват',
  'Силва',
  'Вебер',
  'Попеску',
  'Новак',
  'Демир',
  'Берг',
  'Коста',
  'Фишер',
  'Янсен',
  'Мельник',
  'Шахин',
  'Варга',
  'Лопес',
  'Мейер',
  'Кох',
  'Фогель',
  'Кая',
  'Бауэр',
  'Марин',
];
if (FIRST_CYRILLIC.length !== FIRST.length || LAST_CYRILLIC.length !== LAST.length) throw new Error('a name without its Cyrillic form');
const ORGS = ['Ministry', 'Agency', 'Party', 'Gazette', 'Herald', 'Council', 'Institute', 'Union', 'Office', 'Tribune'];
const COUNTRIES = ['UA', 'RU', 'TR', 'US', 'DE', 'FR', 'GB', 'PL', 'IT', 'ES'];
const TITLES = ['spokesperson', 'minister', 'head of delegation', 'adviser', 'chair', 'deputy', 'ambassador', 'editor'];

const arr = (items) => `array[${items.map((w) => `'${w}'`).join(',')}]`;
/** Picks one element of a literal array with a hash: `pick(WORDS, 'r(7, i)')`. */
const pick = (items, hash) => `(${arr(items)})[1 + (${hash}) % ${items.length}]`;
const words = (salt, n) =>
  `array_to_string(array[${Array.from({ length: n }, (_, k) => pick(WORDS, `r(${salt * 100 + k}, i)`)).join(', ')}], ' ')`;
/** Deterministic uuid of the n-th row of a table. */
const uid = (prefix, n) => `md5('${prefix}:' || (${n}))::uuid`;
const ts = (n) => `(timestamptz '2025-01-01 00:00:00+00' + (${n}) * interval '1 second')`;

/**
 * Fills the service's tables (already migrated) with the size's data set, replacing whatever was there, and records
 * it in the marker table. Runs in one transaction, then VACUUM ANALYZE.
 */
export async function generate(client, size, log = console.log) {
  const p = plan(size);
  const started = Date.now();
  const n = p.statements;
  const norg = Math.floor(p.speakers / 5); // speakers 5, 10, 15... are organisations
  const publishers = Math.min(40, norg);
  const sql = [
    `set local statement_timeout = 0`,
    `set local synchronous_commit = off`,
    // r(salt, i): a pseudo-random integer in [0, 2^60) from a hash of the salt and the row number
    `create function pg_temp.r(salt int, i bigint) returns bigint language sql immutable parallel safe as
       $$ select ('x' || substr(md5(salt::text || ':' || i::text), 1, 15))::bit(60)::bigint $$`,
    `truncate statement_relation, position, citation, statement_mention, statement_topic, claim_topic, claim_review,
       statement, claim, source, affiliation, speaker_redirect, speaker, event, topic cascade`,
    `create table if not exists ${MARKER} (size text primary key, statements int not null, speakers int not null,
       sources int not null, claims int not null, generated_at timestamptz not null default now(), seconds numeric)`,
    `delete from ${MARKER}`,

    // speakers: every fifth is an organisation; the first four people are the loud ones
    // aliases in two scripts: people as initial and surname, and in Cyrillic; organisations in Cyrillic
    `insert into speaker (id, created_at, updated_at, kind, name, aliases, description, country)
     select ${uid('sp', 'i')}, ${ts('i')}, ${ts('i')},
       case when i % 5 = 0 then 'ORGANIZATION' else 'PERSON' end,
       case when i % 5 = 0 then ${pick(LAST, 'r(1, i)')} || ' ' || ${pick(ORGS, 'r(2, i)')} || ' ' || i
            else ${pick(FIRST, 'r(1, i)')} || ' ' || ${pick(LAST, 'r(2, i)')} || ' ' || i end,
       case when i % 5 = 0 then array[${pick(LAST_CYRILLIC, 'r(1, i)')} || ' ' || i]
            else array[left(${pick(FIRST, 'r(1, i)')}, 1) || '. ' || ${pick(LAST, 'r(2, i)')} || ' ' || i,
                       ${pick(FIRST_CYRILLIC, 'r(1, i)')} || ' ' || ${pick(LAST_CYRILLIC, 'r(2, i)')} || ' ' || i] end,
       case when r(3, i) % 3 = 0 then 'Generated speaker ' || i end,
       ${pick(COUNTRIES, 'r(4, i)')}
     from generate_series(1, ${p.speakers}) i`,

    // affiliations: people hold 0 to 3 roles (1.5 on average) in organisations
    `insert into affiliation (id, created_at, updated_at, person_id, organization_id, title, start_date, end_date)
     select ${uid('af', 'i * 4 + k')}, ${ts('i')}, ${ts('i')}, ${uid('sp', 'i')},
       ${uid('sp', `5 * (1 + r(51, i * 4 + k) % ${norg})`)},
       ${pick(TITLES, 'r(52, i * 4 + k)')},
       case when r(53, i * 4 + k) % 5 = 0 then null else date '2000-01-01' + (r(54, i * 4 + k) % 9000)::int end,
       null
     from generate_series(1, ${p.speakers}) i cross join generate_series(1, 3) k
     where i % 5 <> 0 and r(50, i * 4 + k) % 2 = 0`,

    // sources: a tenth published by nobody known, the rest by 40 organisations
    `insert into source (id, created_at, updated_at, url, title, publisher_id, published_on, kind, language)
     select ${uid('so', 'i')}, ${ts('i')}, ${ts('i')}, 'https://news.example.org/' || i,
       'Report ' || i || ': ' || ${words(6, 4)},
       case when r(60, i) % 10 = 0 then null else ${uid('sp', `5 * (1 + r(61, i) % ${publishers})`)} end,
       case when r(62, i) % 8 = 0 then null else date '2000-01-01' + (r(63, i) % 9497)::int end,
       ${pick(['ARTICLE', 'ARTICLE', 'ARTICLE', 'SOCIAL_POST', 'TRANSCRIPT', 'VIDEO', 'PRESS_RELEASE', 'OFFICIAL_DOCUMENT', 'OTHER'], 'r(64, i)')},
       ${pick(['en', 'en', 'uk', 'ru', 'tr', 'de'], 'r(65, i)')}
     from generate_series(1, ${p.sources}) i`,

    `insert into claim (id, created_at, updated_at, text)
     select ${uid('cl', 'i')}, ${ts('i')}, ${ts('i')}, 'Claim ' || i || ': ' || ${words(7, 5)}
     from generate_series(1, ${p.claims}) i`,

    // statements: dates from 2000 to 2025 known to the day (80%), the month (15%) or the year (5%), the interval
    // [start, end] matching the precision as src/shared/fuzzy-date.ts reads it
    `insert into statement (id, created_at, updated_at, text, kind, language, speaker_id, said_on_start, said_on_end,
       said_on_precision, setting, attribution_status)
     select ${uid('st', 'i')}, ${ts('i')}, ${ts('i')},
       'Statement ' || i || ': ' || ${words(8, 8)},
       case when r(81, i) % 3 = 0 then 'PARAPHRASE' else 'QUOTE' end,
       ${pick(['en', 'en', 'uk', 'ru', 'tr'], 'r(82, i)')},
       case when r(83, i) % 100 < ${p.hotSpeakerPercent} then ${uid('sp', `1 + r(84, i) % ${p.hotSpeakers}`)}
            else ${uid('sp', `${p.hotSpeakers + 1} + r(84, i) % ${p.speakers - p.hotSpeakers}`)} end,
       case prec when 'DAY' then d when 'MONTH' then date_trunc('month', d)::date else date_trunc('year', d)::date end,
       case prec when 'DAY' then d
                 when 'MONTH' then (date_trunc('month', d) + interval '1 month - 1 day')::date
                 else (date_trunc('year', d) + interval '1 year - 1 day')::date end,
       prec,
       case when r(85, i) % 4 = 0 then 'press conference' end,
       case when r(86, i) % 100 < 60 then 'UNVERIFIED' when r(86, i) % 100 < 90 then 'VERIFIED'
            when r(86, i) % 100 < 96 then 'DISPUTED' when r(86, i) % 100 < 98 then 'MISATTRIBUTED' else 'RETRACTED' end
     from (select i, date '2000-01-01' + (r(87, i) % 9497)::int as d,
             case when r(88, i) % 100 < 80 then 'DAY' when r(88, i) % 100 < 95 then 'MONTH' else 'YEAR' end as prec
           from generate_series(1, ${n}) i) g`,

    // two citations per statement, from two different sources; the first is the primary one
    `insert into citation (id, created_at, updated_at, statement_id, source_id, excerpt, is_primary)
     select ${uid('ci', 'i * 2 + k')}, ${ts('i')}, ${ts('i')}, ${uid('st', 'i')},
       ${uid('so', `1 + case when k = 0 then a else (a + 1 + r(91, i) % ${p.sources - 1}) % ${p.sources} end`)},
       case when r(92, i * 2 + k) % 2 = 0 then 'excerpt ' || ${words(9, 3)} end,
       k = 0
     from (select i, r(90, i) % ${p.sources} as a from generate_series(1, ${n}) i) g cross join generate_series(0, 1) k`,

    // positions: one per statement, a second on another claim for half of them (1.5 on average); 5% of first
    // positions go to five hot claims
    `insert into position (id, created_at, updated_at, statement_id, claim_id, stance)
     select ${uid('po', 'i * 2 + k')}, ${ts('i')}, ${ts('i')}, ${uid('st', 'i')},
       ${uid('cl', `1 + case when k = 0 then c else (c + 1 + r(101, i) % ${p.claims - 1}) % ${p.claims} end`)},
       case when s < 30 then 'ASSERTS' when s < 50 then 'DENIES' when s < 60 then 'DEMANDS' when s < 70 then 'PROPOSES'
            when s < 80 then 'ACCEPTS' when s < 92 then 'REJECTS' else 'QUESTIONS' end
     from (select i, case when r(102, i) % 100 < ${p.hotClaimPercent} then r(103, i) % ${p.hotClaims}
                          else ${p.hotClaims} + r(103, i) % ${p.claims - p.hotClaims} end as c
           from generate_series(1, ${n}) i) g
     cross join generate_series(0, 1) k
     cross join lateral (select r(104, i * 2 + k) % 100 as s) st
     where k = 0 or r(105, i) % 2 = 0`,

    // relations: half the statements link to one of the 2,000 statements generated before them
    `insert into statement_relation (id, created_at, updated_at, from_id, to_id, kind, status, source_id)
     select ${uid('re', 'i')}, ${ts('i')}, ${ts('i')}, ${uid('st', 'i')}, ${uid('st', 'i - 1 - r(111, i) % least(i - 1, 2000)')},
       case when k < 30 then 'RESPONDS_TO' when k < 45 then 'SUPPORTS' when k < 70 then 'CONTRADICTS'
            when k < 80 then 'CORROBORATES' when k < 88 then 'REPEATS' when k < 98 then 'CLARIFIES' else 'RETRACTS' end,
       case when r(113, i) % 3 = 0 then 'CONFIRMED' else 'SUGGESTED' end,
       case when r(114, i) % 4 = 0 then ${uid('so', `1 + r(115, i) % ${p.sources}`)} end
     from (select i, r(112, i) % 100 as k from generate_series(2, ${n}) i) g
     where r(110, i) % 2 = 0`,
  ];
  await client.query('begin');
  try {
    for (const text of sql) {
      // functions in pg_temp are only found when qualified
      const statement = text.startsWith('create function') ? text : text.replace(/\br\(/g, 'pg_temp.r(');
      const t = Date.now();
      const result = await client.query(statement);
      const table = /insert into (\w+)/.exec(statement)?.[1];
      if (table) log(`  ${table}: ${result.rowCount} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    await client.query(`insert into ${MARKER} (size, statements, speakers, sources, claims, seconds) values ($1, $2, $3, $4, $5, $6)`, [
      size,
      n,
      p.speakers,
      p.sources,
      p.claims,
      (Date.now() - started) / 1000,
    ]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  const t = Date.now();
  await client.query('vacuum analyze');
  log(
    `  vacuum analyze in ${((Date.now() - t) / 1000).toFixed(1)} s; data set ${size} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** Counts of what was generated, for the report. */
export async function datasetCounts(client) {
  const tables = ['speaker', 'affiliation', 'source', 'statement', 'citation', 'claim', 'position', 'statement_relation'];
  const { rows } = await client.query(`select ${tables.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ')}`);
  return rows[0];
}
