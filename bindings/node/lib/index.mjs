// ES module entry: the same objects as the CommonJS entry.
import { createRequire } from 'node:module';
const tenuo = createRequire(import.meta.url)('./index.js');
export default tenuo;
export const {
  SigningKey, PublicKey, Warrant, WarrantChain, Authorizer, Constraint, Exact, Pattern, Range,
  OneOf, NotOneOf, Wildcard, Contains, Subset, All, AnyOf, Any, Not, Subpath, Shlex, Regex, Cidr,
  UrlPattern, UrlSafe, Float, float, RawArgs, onAudit, auditIncludeArguments, TenuoError,
  WARRANT_HEADER, POP_HEADER, SignedApproval, computeRequestHash, SignedRevocationList,
} = tenuo;
