/**
 * What a GeoDB reader answers for an address (4 or 16 bytes); undefined when
 * its database has nothing. A reader without a kind of database has no such
 * method, as SpamAssassin's GeoDB `can()` says.
 */
export interface GeoBackend {
  /** The address's country and continent codes (either may be unknown). */
  place?(address: Uint8Array): { country?: string; continent?: string } | undefined;
  asn?(address: Uint8Array): { asn: string; org?: string } | undefined;
  isp?(address: Uint8Array): string | undefined;
  /** Whether IPv6 addresses can be placed (URILocalBL then asks for AAAA records too). */
  hasIpv6(): boolean;
}

/** The kinds of database the loaded plugins want (SpamAssassin's geodb_wanted). */
export interface GeoWanted {
  country: boolean;
  asn: boolean;
  isp: boolean;
}
