import IdentityService
import Runtime

await AbonentServer.main(IdentityService.definition)
