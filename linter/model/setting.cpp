#include "linter/model/setting.h"

namespace stacklint {

std::string_view to_string(SettingOrigin origin) {
  switch (origin) {
    case SettingOrigin::none:
      return "";
    case SettingOrigin::file:
      return "file";
    case SettingOrigin::include:
      return "include";
    case SettingOrigin::command_line:
      return "command line";
    case SettingOrigin::environment:
      return "environment";
  }
  return "";
}

std::string_view to_string(DurationOrigin origin) {
  switch (origin) {
    case DurationOrigin::default_value:
      return "default";
    case DurationOrigin::file:
      return "file";
    case DurationOrigin::global:
      return "global";
    case DurationOrigin::capped:
      return "capped";
  }
  return "";
}

}  // namespace stacklint
