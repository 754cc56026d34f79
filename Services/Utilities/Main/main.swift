import UtilitiesService
import Runtime

await AbonentServer.main(UtilitiesService.definition)
