#!/usr/bin/perl
# Prints SpamAssassin's own relay analysis for messages read from stdin, so
# tests can compare against the installed SpamAssassin at test time.
# Input: one or more groups; each starts with a line "=====CONFIG=====",
# then configuration lines (may be none), then messages, each introduced by a
# line "=====MESSAGE=====". Output: one JSON object per message, in order.
use strict;
use warnings;
use JSON::PP;
use Mail::SpamAssassin;

my $base = "util_rb_tld com net org de uk jp info\n"
  . "originating_ip_headers X-Yahoo-Post-IP X-Originating-IP X-Apparently-From\n"
  . "originating_ip_headers X-SenderIP X-AOL-IP\n";
my $json = JSON::PP->new->canonical->latin1;
my $input = do { local $/; <STDIN> };

for my $group (grep { length } split /^=====CONFIG=====\n/m, $input) {
  my ($config, @messages) = split /^=====MESSAGE=====\n/m, $group;
  my $sa = Mail::SpamAssassin->new({
    config_text => $base . $config, local_tests_only => 1, dont_copy_prefs => 1,
  });
  $sa->init(0);
  for my $raw (@messages) {
    my $msg = $sa->parse($raw, 1);
    my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $msg);
    $pms->extract_message_metadata();
    print $json->encode({
      trusted => scalar $pms->get('X-Spam-Relays-Trusted'),
      untrusted => scalar $pms->get('X-Spam-Relays-Untrusted'),
      internal => scalar $pms->get('X-Spam-Relays-Internal'),
      external => scalar $pms->get('X-Spam-Relays-External'),
      unparseable => $pms->{num_relays_unparseable},
      last_trusted => $pms->{last_trusted_relay_index},
      last_internal => $pms->{last_internal_relay_index},
      envelope_from => scalar $pms->get('EnvelopeFrom', undef),
    }), "\n";
    $pms->finish();
    $msg->finish();
  }
  $sa->finish();
}
