# bash completion for errcat                               -*- shell-script -*-
#
# Installed as share/bash-completion/completions/errcat, where the
# bash-completion package loads it on first use; it can also be sourced on
# its own (`. completions/errcat.bash`): it reads COMP_WORDS itself and needs
# none of bash-completion's helpers.
#
# Check ids come from the errcat being completed (the table of checks that
# `errcat check --help` prints); when that cannot be run, from the list
# below, which tests/completion/test_completion.sh keeps equal to the
# binary's check table.

_errcat_static_checks="syntax schema duplicate encoding missing empty placeholder drift terms stale untranslated script whitespace nfc extra removed renamed reworded"

# Prints the check ids, one per line, of the errcat program $1.
_errcat_check_ids()
{
    local prog=$1 out='' ids='' on=''
    [[ $prog == "~"/* ]] && prog=$HOME/${prog#"~/"}
    if [[ -n $prog ]] && type -P -- "$prog" >/dev/null 2>&1 &&
        out=$("$prog" check --help 2>/dev/null </dev/null); then
        ids=$(printf '%s\n' "$out" | while IFS= read -r line; do
            if [[ $line == "checks:" ]]; then
                on=1
            elif [[ -n ${on-} && $line =~ ^\ \ ([a-z][a-z0-9_-]*)\ +(error|warning)\  ]]; then
                printf '%s\n' "${BASH_REMATCH[1]}"
            fi
        done)
    fi
    if [[ -n $ids ]]; then
        printf '%s\n' "$ids"
    else
        local -a static
        read -r -a static <<<"$_errcat_static_checks"
        printf '%s\n' "${static[@]}"
    fi
}

# A word as typed, with simple quoting and a leading ~/ undone.
_errcat_dequote()
{
    local w=$1
    if [[ $w == \'*\' && ${#w} -ge 2 ]]; then
        w=${w:1:${#w}-2}
    elif [[ $w == \"*\" && ${#w} -ge 2 ]]; then
        w=${w:1:${#w}-2}
    else
        w=${w//\\ / }
    fi
    [[ $w == "~"/* ]] && w=$HOME/${w#"~/"}
    printf '%s' "$w"
}

# Prints the locales of catalog directory $1: its <tag>.yaml files but
# catalog.yaml and hidden files.
_errcat_locales()
{
    local dir=$1 f stem
    [[ -n $dir && -f $dir/catalog.yaml ]] || return 0
    # compgen, not a glob: unaffected by set -f, nullglob or failglob
    compgen -f -- "$dir/" | while IFS= read -r f; do
        [[ $f == *.yaml && -f $f ]] || continue
        stem=${f##*/}
        stem=${stem%.yaml}
        [[ $stem == catalog || $stem == .* || -z $stem ]] && continue
        printf '%s\n' "$stem"
    done
}

# COMPREPLY from the words $2... for a comma-separated list in $1: the
# items after the last comma, without those already in the list.
_errcat_list()
{
    local cur=$1 prefix='' last=$1 item
    shift
    if [[ $cur == *,* ]]; then
        prefix=${cur%,*},
        last=${cur##*,}
    fi
    COMPREPLY=()
    for item in "$@"; do
        [[ $item == "$last"* ]] || continue
        [[ ,$prefix == *,"$item",* ]] && continue
        COMPREPLY+=("$prefix$item")
    done
}

# COMPREPLY from the words $2... that start with $1.
_errcat_words()
{
    local cur=$1 w
    shift
    COMPREPLY=()
    for w in "$@"; do
        [[ $w == "$cur"* ]] && COMPREPLY+=("$w")
    done
}

# COMPREPLY: directories (-d) or files and directories (-f) matching $2.
_errcat_paths()
{
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen "$1" -- "$2")
}

_errcat()
{
    local cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]-} prev='' opt='' vprefix=''
    local -a words=("${COMP_WORDS[@]}")
    ((cword > 0)) && prev=${words[cword - 1]}

    # The value of --opt is being completed: bash splits --opt=value at "="
    # (unless COMP_WORDBREAKS lacks it: then the word is --opt=value).
    if [[ $cur == "=" && $prev == --* ]]; then
        opt=$prev
        cur=
    elif [[ $prev == "=" ]] && ((cword >= 2)) && [[ ${words[cword - 2]} == --* ]]; then
        opt=${words[cword - 2]}
    elif [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        vprefix=$opt=
        cur=${cur#*=}
    fi

    if ((cword <= 1)); then
        if [[ $cur == -* ]]; then
            _errcat_words "$cur" --help --version
        else
            _errcat_words "$cur" check build stats import sync diff
        fi
        return 0
    fi

    local command=${words[1]}
    local with_value="--format --disable --locale --color --colour --output -o --templates --only --from --accept --baseline --write-baseline --against --fail-on"
    local opts
    case $command in
        check) opts="--format --strict --disable --locale --color --against --baseline --write-baseline --help" ;;
        build) opts="--format --strict --disable --locale --color --against -o --output --templates --only --check --force --help" ;;
        stats) opts="--format --disable --locale --help" ;;
        import) opts="--from --locale -o --output --force --help" ;;
        sync) opts="--locale --accept --help" ;;
        diff) opts="--format --fail-on --help" ;;
        *) COMPREPLY=(); return 0 ;;
    esac

    # What the line holds before the word being completed: the operand,
    # the options given, the value of -o, and whether -- ended the options.
    local i w operand='' operands=0 output='' dashdash='' used=" "
    for ((i = 2; i < cword; i++)); do
        w=${words[i]}
        if [[ -n $dashdash ]]; then
            [[ -z $operand ]] && operand=$w
            ((operands += 1))
        elif [[ $w == -- ]]; then
            dashdash=1
        elif [[ " $with_value " == *" $w "* ]]; then
            used+="$w "
            if [[ ${words[i + 1]-} == "=" ]]; then
                ((i += 1))
            fi
            ((i += 1))
            if [[ ($w == -o || $w == --output) && i -lt cword ]]; then
                output=${words[i]}
            fi
        elif [[ $w == -* ]]; then
            used+="${w%%=*} "
            [[ $w == -o?* && $w != --* ]] && output=${w#-o}
            [[ $w == --output=* ]] && output=${w#*=}
        elif [[ $w != "=" ]]; then
            [[ -z $operand ]] && operand=$w
            ((operands += 1))
        fi
    done

    if [[ -z $opt && -z $dashdash && " $with_value " == *" $prev "* ]]; then
        opt=$prev
    fi

    if [[ -n $opt ]]; then
        case $opt in
            --format)
                if [[ $command == stats ]]; then
                    _errcat_words "$cur" text json
                elif [[ $command == diff ]]; then
                    _errcat_words "$cur" text markdown json
                elif [[ $command != import ]]; then
                    _errcat_words "$cur" text json sarif github html
                fi
                ;;
            --from) _errcat_words "$cur" md html po ;;
            --fail-on)
                _errcat_list "$cur" removed renamed reworded retired unretired added \
                    translation-added translation-changed translation-removed
                ;;
            --color | --colour) _errcat_words "$cur" auto always never ;;
            --only) _errcat_list "$cur" md html docs c po ;;
            --disable)
                local -a ids
                mapfile -t ids < <(_errcat_check_ids "${words[0]}")
                _errcat_list "$cur" "${ids[@]}"
                ;;
            --locale)
                local dir=''
                if [[ $command == import ]]; then
                    # the catalog that -o writes into, if any
                    if [[ $output == */* ]]; then
                        dir=$(_errcat_dequote "$output")
                        dir=${dir%/*}
                    elif [[ -n $output ]]; then
                        dir=.
                    fi
                elif [[ -n $operand ]]; then
                    dir=$(_errcat_dequote "$operand")
                else
                    dir=i18n
                fi
                local -a tags
                mapfile -t tags < <(_errcat_locales "$dir")
                _errcat_list "$cur" "${tags[@]}"
                ;;
            -o | --output)
                if [[ $command == import ]]; then
                    _errcat_paths -f "$cur"
                else
                    _errcat_paths -d "$cur"
                fi
                ;;
            --templates | --against) _errcat_paths -d "$cur" ;;
            --baseline | --write-baseline) _errcat_paths -f "$cur" ;;
            *) COMPREPLY=() ;;
        esac
        if [[ -n $vprefix ]]; then
            for i in "${!COMPREPLY[@]}"; do
                COMPREPLY[i]=$vprefix${COMPREPLY[i]}
            done
        fi
        return 0
    fi

    if [[ -z $dashdash && $cur == -* ]]; then
        local -a left=()
        for w in $opts; do
            case $w in
                --disable | --locale | --only | --accept | --help) ;;
                --fail-on) ;;
                -o | --output) [[ $used == *" -o "* || $used == *" --output "* ]] && continue ;;
                *) [[ $used == *" $w "* ]] && continue ;;
            esac
            [[ $command == import && $w == --locale && $used == *" --locale "* ]] && continue
            left+=("$w")
        done
        _errcat_words "$cur" "${left[@]}"
        return 0
    fi

    # diff takes two operands (OLD and NEW), the others one
    if [[ -n $operand && ($command != diff || operands -ge 2) ]]; then
        COMPREPLY=()
    elif [[ $command == import ]]; then
        _errcat_paths -f "$cur"
    else
        _errcat_paths -d "$cur"
    fi
    return 0
} &&
    complete -F _errcat errcat

# ex: filetype=sh
