#!/usr/bin/perl
# Dumps the rule table of the installed SpamAssassin after it parsed its own
# configuration, one JSON object per rule, for test/oracle/config-oracle.ts.
# Usage: perl config-dump.pl [--all-plugins]
# With --all-plugins every Plugin/*.pm shipped is tried first (tryplugin).
use strict;
use warnings;
use File::Spec;
use JSON::PP;
use Mail::SpamAssassin;
use Mail::SpamAssassin::Constants qw(:sa);

my $all = grep { $_ eq '--all-plugins' } @ARGV;

my $pre = '';
if ($all) {
  (my $dir = $INC{'Mail/SpamAssassin.pm'}) =~ s/\.pm$/\/Plugin/;
  opendir(my $dh, $dir) or die "cannot list $dir: $!";
  $pre = join('', map { "tryplugin Mail::SpamAssassin::Plugin::$_\n" }
                  sort map { /^(\w+)\.pm$/ ? $1 : () } readdir($dh));
  closedir($dh);
}

# allow_user_rules keeps {tests} and {priority} after finish_parsing.
my $sa = Mail::SpamAssassin->new({
  local_tests_only => 1,
  dont_copy_prefs => 1,
  userprefs_filename => File::Spec->devnull(),
  ($pre ne '' ? (pre_config_text => $pre) : ()),
  post_config_text => "allow_user_rules 1\n",
});
$sa->init(1);
my $conf = $sa->{conf};

my %type_name = (
  $Mail::SpamAssassin::Conf::TYPE_HEAD_TESTS => 'header',
  $Mail::SpamAssassin::Conf::TYPE_HEAD_EVALS => 'header_eval',
  $Mail::SpamAssassin::Conf::TYPE_RBL_EVALS => 'rbl_eval',
  $Mail::SpamAssassin::Conf::TYPE_BODY_TESTS => 'body',
  $Mail::SpamAssassin::Conf::TYPE_BODY_EVALS => 'body_eval',
  $Mail::SpamAssassin::Conf::TYPE_RAWBODY_TESTS => 'rawbody',
  $Mail::SpamAssassin::Conf::TYPE_RAWBODY_EVALS => 'rawbody_eval',
  $Mail::SpamAssassin::Conf::TYPE_FULL_TESTS => 'full',
  $Mail::SpamAssassin::Conf::TYPE_FULL_EVALS => 'full_eval',
  $Mail::SpamAssassin::Conf::TYPE_URI_TESTS => 'uri',
  $Mail::SpamAssassin::Conf::TYPE_META_TESTS => 'meta',
  $Mail::SpamAssassin::Conf::TYPE_EMPTY_TESTS => 'empty',
);

my $json = JSON::PP->new->ascii->canonical;
my $rm = META_RULES_MATCHING_RE;
foreach my $name (sort keys %{$conf->{tests}}) {
  my $type = $type_name{$conf->{test_types}->{$name}} // 'unknown';
  my $text = $conf->{tests}->{$name};
  my %row = (name => $name, type => $type);
  if ($type eq 'meta') {
    (my $expanded = $text) =~ s/$rm/$conf->{parser}->expand_ruleglob($1, $name)/ge;
    $row{test} = $expanded;
  } elsif ($type =~ /_eval$/) {
    my ($fn, $args) = ($text // '') =~ /^(\w+)\((.*?)\)$/s;
    $row{test} = defined $fn ? { fn => $fn, args => $conf->{parser}->pack_eval_args($args) } : $text;
  } elsif ($type eq 'header' && $conf->{test_opt_exists}->{$name}) {
    $row{test} = 'exists:' . $conf->{test_opt_header}->{$name};
  } elsif ($type ne 'empty') {
    my $re = Mail::SpamAssassin::Util::qr_to_string($conf->{test_qrs}->{$name});
    $row{test} = $re;
    if ($type eq 'header') {
      $row{header} = $conf->{test_opt_header}->{$name};
      $row{negated} = $conf->{test_opt_neg}->{$name} ? 1 : 0;
      $row{ifUnset} = $conf->{test_opt_unset}->{$name};
    }
  }
  $row{scores} = [ map { $conf->{scoreset}->[$_]->{$name} } 0..3 ];
  $row{tflags} = $conf->{tflags}->{$name} // '';
  $row{priority} = $conf->{priority}->{$name} // 0;
  $row{describe} = $conf->{descriptions}->{$name};
  print $json->encode(\%row), "\n";
}
# A few global settings, for the settings comparison.
my %hash_size = map { $_ => scalar keys %{$conf->{$_} // {}} }
  qw(def_welcomelist_auth def_welcomelist_from_dkim adsp_override bayes_ignore_header uridnsbl_skip_domains
     two_level_domains three_level_domains);
my ($freemail) = grep { ref($_) =~ /::FreeMail$/ } @{$sa->{plugins}->{plugins}};
print $json->encode({ settings => {
  required_score => $conf->{required_score},
  report_safe => $conf->{report_safe},
  report_contact => $conf->{report_contact},
  report_template => $conf->{report_template},
  unsafe_report_template => $conf->{unsafe_report_template},
  headers_spam => [ map { "$_->[0]: $_->[1]" } @{$conf->{headers_spam}} ],
  headers_ham => [ map { "$_->[0]: $_->[1]" } @{$conf->{headers_ham}} ],
  rewrite_header => $conf->{rewrite_header},
  originating_ip_headers => $conf->{originating_ip_headers},
  redirector_patterns => scalar @{$conf->{redirector_patterns} // []},
  uri_host_lists => { map { $_ => scalar keys %{$conf->{uri_host_lists}->{$_}} } keys %{$conf->{uri_host_lists}} },
  freemail_domains => $freemail ? scalar keys %{$freemail->{freemail_domains}} : 0,
  %hash_size,
} }), "\n";

# mimeheader definitions are kept by the MIMEHeader plugin, not in {tests}.
foreach my $name (sort keys %{$conf->{mimeheader_tests} // {}}) {
  my $t = $conf->{mimeheader_tests}->{$name};
  print $json->encode({ mimeheader => $name, header => $t->{hdr}, negated => $t->{negated},
    ifUnset => $t->{if_unset}, test => Mail::SpamAssassin::Util::qr_to_string($t->{pattern}) }), "\n";
}
