public import Configuration
import SystemPackage

/// Where a service's settings come from: environment variables, and optionally a file named by
/// `ABONENT_CONFIG_FILE` in the same `NAME=value` form (one per line, `#` comments), for
/// deployments that prefer a mounted file to a long environment. The environment wins over the
/// file, so one value can be overridden without editing it.
public enum SettingsSources {
  /// The reader for `environment` (the process's own when `nil`). A named file that is missing
  /// or malformed stops the boot.
  public static func reader(environment: [String: String]? = nil) async throws(ConfigurationError) -> ConfigReader {
    let variables =
      environment.map { EnvironmentVariablesProvider(environmentVariables: $0, secretsSpecifier: Self.secrets) }
      ?? EnvironmentVariablesProvider(secretsSpecifier: Self.secrets)
    guard let path = ConfigReader(provider: variables).string(forKey: "abonent.config.file"), !path.isEmpty else {
      return ConfigReader(provider: variables)
    }
    do {
      let file = try await EnvironmentVariablesProvider(
        environmentFilePath: FilePath(path), secretsSpecifier: Self.secrets)
      return ConfigReader(providers: [variables, file])
    } catch {
      throw ConfigurationError(message: "abonent.config.file (ABONENT_CONFIG_FILE): cannot read '\(path)': \(error)")
    }
  }

  /// Variables whose values are never printed, whichever source they come from.
  static let secrets = SecretsSpecifier<String, String>.dynamic { name, _ in
    name.hasSuffix("_PASSWORD") || name.hasSuffix("_SECRET") || name.hasSuffix("_TOKEN")
  }
}
