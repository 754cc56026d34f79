import ISPService
import Runtime

await AbonentServer.main(ISPService.definition)
