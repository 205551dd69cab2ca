#!/bin/sh
# draftdiff --on-report recipe: mail each new comparison through a sendmail-compatible
# program (sendmail, msmtp, ssmtp, nullmailer). Set MAIL_TO (and MAIL_FROM if your mail
# program needs it). See docs/notifications.md.
#
# Draft text reaches the message only through printf arguments, never through the shell's
# parsing; labels cannot hold line breaks (draftdiff refuses control characters in them),
# so they cannot add headers. The subject is UTF-8 as it stands (RFC 6532), which current
# mail servers and clients accept; a strictly 7-bit relay needs an RFC 2047 subject.
set -eu
# With --base-url, the report's published address; without, its path on this machine.
report=${DRAFTDIFF_REPORT_URL:-$DRAFTDIFF_REPORT_HTML}
{
    printf 'To: %s\n' "$MAIL_TO"
    if [ -n "${MAIL_FROM:-}" ]; then printf 'From: %s\n' "$MAIL_FROM"; fi
    printf 'Subject: %s, %s -> %s: %s\n' "$DRAFTDIFF_DOCUMENT" "$DRAFTDIFF_OLD_VERSION" \
        "$DRAFTDIFF_NEW_VERSION" "$DRAFTDIFF_HEADLINE"
    printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n'
    printf 'Content-Transfer-Encoding: 8bit\n\n'
    printf '%s\n\n%s\n\nFull report: %s\n' "$DRAFTDIFF_HEADLINE" "$DRAFTDIFF_KEY_CHANGES" \
        "$report"
} | sendmail -i -t
