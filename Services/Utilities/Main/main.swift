import Runtime
import UtilitiesService

await AbonentServer.main(UtilitiesService.definition)
