/**
 * The country codes of the legacy GeoIP country databases (GeoIP.dat,
 * GeoIPv6.dat), by the id a lookup ends on: the table of the GeoIP C
 * library 1.6.12 that Debian's SpamAssassin reads those files through (id 0,
 * `--`, means no country; 10 is CW and 75 SX where older libraries had AN and
 * FX). `test/interop/geoip-legacy.test.ts` checks every id the installed
 * databases use against that library.
 */
const CODES =
  '-- AP EU AD AE AF AG AI AL AM CW AO AQ AR AS AT AU AW AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BV BW BY BZ CA CC ' +
  'CD CF CG CH CI CK CL CM CN CO CR CU CV CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR SX GA GB GD GE ' +
  'GF GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IN IO IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR ' +
  'KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG ' +
  'NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN ' +
  'SO SR ST SV SY SZ TC TD TF TG TH TJ TK TM TN TO TL TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT RS ' +
  'ZA ZM ME ZW A1 A2 O1 AX GG IM JE BL MF BQ SS';

const BY_ID: readonly string[] = CODES.split(' ');

/** The code for a database's country id; undefined for 0 (no country) and ids past the table. */
export function countryCodeById(id: number): string | undefined {
  return id > 0 ? BY_ID[id] : undefined;
}
