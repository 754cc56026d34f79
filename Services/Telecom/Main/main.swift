import TelecomService
import Runtime

await AbonentServer.main(TelecomService.definition)
