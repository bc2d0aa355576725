/** What a GeoDB reader answers for an address (4 or 16 bytes); undefined when its database has nothing. */
export interface GeoBackend {
  countryCode(address: Uint8Array): string | undefined;
  continentCode(address: Uint8Array): string | undefined;
  /** Whether IPv6 addresses can be placed (URILocalBL then asks for AAAA records too). */
  hasIpv6(): boolean;
}
