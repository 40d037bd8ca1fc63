// to_string of the pg_hba.conf enums: the words postgres reads.
#include "linter/model/pg_hba.h"

namespace stacklint {

std::string_view to_string(HbaConnType t) {
  switch (t) {
    case HbaConnType::local:
      return "local";
    case HbaConnType::host:
      return "host";
    case HbaConnType::hostssl:
      return "hostssl";
    case HbaConnType::hostnossl:
      return "hostnossl";
    case HbaConnType::hostgssenc:
      return "hostgssenc";
    case HbaConnType::hostnogssenc:
      return "hostnogssenc";
  }
  return "";
}

std::string_view to_string(HbaMethod m) {
  switch (m) {
    case HbaMethod::trust:
      return "trust";
    case HbaMethod::reject:
      return "reject";
    case HbaMethod::scram_sha_256:
      return "scram-sha-256";
    case HbaMethod::md5:
      return "md5";
    case HbaMethod::password:
      return "password";
    case HbaMethod::gss:
      return "gss";
    case HbaMethod::sspi:
      return "sspi";
    case HbaMethod::ident:
      return "ident";
    case HbaMethod::peer:
      return "peer";
    case HbaMethod::ldap:
      return "ldap";
    case HbaMethod::radius:
      return "radius";
    case HbaMethod::cert:
      return "cert";
    case HbaMethod::pam:
      return "pam";
    case HbaMethod::bsd:
      return "bsd";
    case HbaMethod::oauth:
      return "oauth";
  }
  return "";
}

}  // namespace stacklint
