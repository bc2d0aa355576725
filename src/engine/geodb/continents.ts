/**
 * The continent of a country code, as SpamAssassin's GeoDB names it for the
 * URILocalBL plugin (its own table, not the GeoIP library's): AF, AN, AS,
 * EU, NA, OC and SA; `**` stays `**`, anything else (A1, A2, O1, SX …) is
 * `XX`. `test/interop/sa-urilocalbl.test.ts` checks every code against
 * SpamAssassin's GeoDB.
 */
const BY_CONTINENT: Readonly<Record<string, string>> = {
  AF: 'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW',
  AN: 'AQ BV GS HM TF',
  AS: 'AE AF AM AP AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TW UZ VN YE',
  EU: 'AD AL AT AX BA BE BG BY CH CZ DE DK EE ES EU FI FO FR FX GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA',
  NA: 'AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV TC TT US VC VG VI',
  OC: 'AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS',
  SA: 'AR BO BR CL CO EC FK GF GY PE PY SR UY VE',
  '**': '**',
};

const CONTINENT = new Map(Object.entries(BY_CONTINENT).flatMap(([continent, codes]) => codes.split(' ').map((code) => [code, continent] as const)));

export function continentOf(countryCode: string): string {
  return CONTINENT.get(countryCode.toUpperCase()) ?? 'XX';
}
